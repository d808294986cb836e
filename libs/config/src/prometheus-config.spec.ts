import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VARIANTS } from '@lab/domain';
import { findWorkspaceRoot, loadConfig } from './load.js';
import { defaultScrapeTargets, renderPrometheusConfig } from './prometheus-config.js';
import { SETTINGS } from './schema.js';

/** `stack/service → host:port` of every target in a scrape config's text. */
function targetsIn(yaml: string): Map<string, string> {
  const found = new Map<string, string>();
  const re =
    /targets: \['([^']+)'\].*\n\s+labels:\n\s+stack: (\w+)\n\s+service: (\w+)\n\s+role: (\w+)/g;
  for (const [, address, stack, service] of yaml.matchAll(re))
    found.set(`${stack}/${service}`, address!);
  return found;
}

describe('the Prometheus scrape config', () => {
  const defaults = loadConfig({}, { workspaceRoot: '/' });

  /** What the stacks run at the defaults, read from the config rather than the generator. */
  const expected = new Map<string, string>();
  for (const stack of VARIANTS) {
    const s = defaults.stacks[stack];
    expected.set(`${stack}/gateway`, `127.0.0.1:${s.gatewayPort}`);
    for (const service of Object.keys(s.replicas)) {
      const grpc = 'services' in s ? (s.services as Record<string, { metricsPort: number }>) : {};
      const workers = 'workerPorts' in s ? (s.workerPorts as Record<string, number>) : {};
      const port = grpc[service]?.metricsPort ?? workers[service];
      expected.set(`${stack}/${service}`, `127.0.0.1:${port}`);
    }
  }

  it('scrapes every process of every stack at its default metrics port', () => {
    expect(expected.size).toBe(3 + 5 * 3);
    expect(targetsIn(renderPrometheusConfig())).toEqual(expected);
  });

  it('lists every metrics port the schema defines', () => {
    const listed = new Set(defaultScrapeTargets().map((t) => t.endpoint.port.env));
    const metricsPorts = SETTINGS.filter(
      (s) => /_METRICS_PORT$/.test(s.env) || /\.(gatewayPort|workerPorts\.\w+)$/.test(s.path),
    ).map((s) => s.env);
    expect(metricsPorts.length).toBeGreaterThan(10);
    expect([...listed].sort()).toEqual([...metricsPorts].sort());
  });

  it('is the one committed in docs/ (npm run generate writes it)', () => {
    const committed = readFileSync(join(findWorkspaceRoot(), 'docs', 'prometheus.yml'), 'utf8');
    expect(committed).toBe(renderPrometheusConfig());
    expect(targetsIn(committed)).toEqual(expected);
  });
});
