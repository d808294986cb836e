/**
 * docs/prometheus.yml, written from the schema: one scrape job per stack,
 * one target per process at its default port (every edge, gRPC service and
 * worker serves `GET /metrics`). Generated (`npm run generate`) and
 * drift-checked (`npm run check:generated`) beside docs/configuration.md.
 */
import { VARIANTS } from '@lab/domain';
import { describeSettings } from './load.js';
import { REPLICA_PORT_STEP } from './replicas.js';
import { METRICS_ENDPOINTS, type MetricsEndpoint } from './schema.js';

/** How often Prometheus asks: often enough to see a fault window of a few seconds. */
const SCRAPE_INTERVAL = '5s';

export interface ScrapeTarget {
  readonly endpoint: MetricsEndpoint;
  /** host:port at the defaults. */
  readonly address: string;
}

/** Every metrics endpoint at its default address, in schema order. */
export function defaultScrapeTargets(): ScrapeTarget[] {
  const defaults = new Map(describeSettings().map((row) => [row.env, row.default]));
  const host = (e: MetricsEndpoint) =>
    defaults.get(e.kind === 'grpc' ? 'LAB_METRICS_HOST' : 'LAB_HOST');
  return METRICS_ENDPOINTS.map((endpoint) => ({
    endpoint,
    address: `${host(endpoint)}:${defaults.get(endpoint.port.env)}`,
  }));
}

export function renderPrometheusConfig(): string {
  const targets = defaultScrapeTargets();
  const jobs = VARIANTS.flatMap((stack) => [
    `  - job_name: lab-${stack}`,
    '    static_configs:',
    ...targets
      .filter((t) => t.endpoint.stack === stack)
      .flatMap(({ endpoint, address }) => [
        `      - targets: ['${address}'] # ${endpoint.port.env}`,
        '        labels:',
        `          stack: ${stack}`,
        `          service: ${endpoint.service}`,
        `          role: ${endpoint.kind}`,
      ]),
  ]);
  return [
    '# Prometheus scrape configuration for the lab at its default ports.',
    '# Generated from libs/config/src/schema.ts by `npm run generate`; do not edit by hand.',
    '#',
    '# Every process of every stack serves GET /metrics: an edge on its HTTP port, a gRPC',
    '# service on its metrics port, a worker on its health port. A service run as replicas',
    `# has replica k ${REPLICA_PORT_STEP}·(k−1) above the port listed here: add those targets.`,
    '# prometheus --config.file=docs/prometheus.yml; docs/grafana-dashboard.json reads it.',
    'global:',
    `  scrape_interval: ${SCRAPE_INTERVAL}`,
    'scrape_configs:',
    ...jobs,
    '',
  ].join('\n');
}
