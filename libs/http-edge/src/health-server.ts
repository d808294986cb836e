import type { LabConfig } from '@lab/config';
import type { Logger, Registry } from '@lab/telemetry';
import { startEdge, type RunningEdge } from './edge-server.js';
import { healthRoute, type HealthCheck } from './order-routes.js';

/** What a process needs to serve its health: its host, HTTP limits, logs and metrics. */
export interface HealthServerHost {
  readonly config: Pick<LabConfig, 'host' | 'http'>;
  readonly logger: Logger;
  readonly registry: Registry;
}

/** Starts a health port: `GET /healthz` over `checks`, beside the edge's own /livez and /metrics. */
export type HealthServer = (
  port: number,
  checks: Readonly<Record<string, HealthCheck>>,
) => Promise<RunningEdge>;

/**
 * The health port of a process whose work is not HTTP (an async service's
 * consumers and workers). Its app hands this to the library that runs the
 * work, which names the checks: the checkout libraries speak no HTTP.
 */
export function healthServer(host: HealthServerHost): HealthServer {
  return (port, checks) =>
    startEdge({
      host: host.config.host,
      port,
      logger: host.logger,
      registry: host.registry,
      limits: host.config.http,
      routes: [healthRoute(checks)],
    });
}
