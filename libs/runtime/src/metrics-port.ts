import type { LabConfig } from '@lab/config';
import type { Variant } from '@lab/domain';

/**
 * The port a gRPC service serves `GET /metrics` on, for the stack this
 * process serves; none for an edge or a worker, whose own HTTP port serves it.
 */
export function metricsPortOf(
  config: LabConfig,
  stack: Variant,
  service: string,
): number | undefined {
  const s = config.stacks[stack];
  const services =
    'services' in s ? (s.services as Partial<Record<string, { metricsPort: number }>>) : {};
  return services[service]?.metricsPort;
}
