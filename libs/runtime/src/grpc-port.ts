import type { ServiceName } from '@lab/domain';
import type { Runtime } from './bootstrap.js';

/** The port a gRPC service listens on for the stack this process serves. */
export function grpcPortOf(rt: Runtime, service: ServiceName): number {
  const stack = rt.config.stacks[rt.stack];
  const services =
    'services' in stack ? (stack.services as Partial<Record<ServiceName, { port: number }>>) : {};
  const port = services[service]?.port;
  if (port === undefined) throw new Error(`the ${rt.stack} stack runs no gRPC ${service} service`);
  return port;
}
