/**
 * `nx run config:generate-docs`: writes docs/configuration.md from the
 * schema. `npm run check:generated` runs it and fails when the committed
 * page differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigurationDoc } from './configuration-doc.js';
import { findWorkspaceRoot } from './load.js';

const target = join(findWorkspaceRoot(), 'docs', 'configuration.md');
writeFileSync(target, renderConfigurationDoc());
console.log(`wrote ${target}`);
