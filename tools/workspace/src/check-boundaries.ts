/**
 * `npm run check:boundaries`: fails when a project imports across a boundary
 * of RULES. Reads the project graph Nx computes from the sources.
 */
import { createProjectGraphAsync } from '@nx/devkit';
import { findViolations, formatViolation } from './boundaries.js';

const graph = await createProjectGraphAsync({ exitOnError: true });
const violations = findViolations(graph);
if (violations.length > 0) {
  console.error(`module boundaries: ${violations.length} violation(s)`);
  for (const v of violations) console.error(`  ${formatViolation(v)}`);
  process.exit(1);
}
const projects = Object.keys(graph.nodes).length;
console.log(`module boundaries: ok (${projects} projects checked)`);
