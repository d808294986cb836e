/**
 * `npm run check:imports`: fails on an import circle anywhere in libs/, apps/
 * and tools/, and on an import that points up the load tool's layers.
 */
import { fileURLToPath } from 'node:url';
import { checkWorkspaceImports, workspaceRootOf } from './layer-imports.js';

const { problems, files } = checkWorkspaceImports(workspaceRootOf(fileURLToPath(import.meta.url)));
if (problems.length > 0) {
  console.error(`imports: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(`imports: ok (${files} files, no circle, the load tool's layers point down)`);
