/**
 * `nx run config:generate-docs`: writes docs/configuration.md and
 * docs/prometheus.yml from the schema. `npm run check:generated` runs it and
 * fails when a committed file differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigurationDoc } from './configuration-doc.js';
import { findWorkspaceRoot } from './load.js';
import { renderPrometheusConfig } from './prometheus-config.js';

const docs = join(findWorkspaceRoot(), 'docs');
for (const [name, text] of [
  ['configuration.md', renderConfigurationDoc()],
  ['prometheus.yml', renderPrometheusConfig()],
] as const) {
  writeFileSync(join(docs, name), text);
  console.log(`wrote ${join(docs, name)}`);
}
