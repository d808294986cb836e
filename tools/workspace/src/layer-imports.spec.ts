import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  checkWorkspaceImports,
  findImportCircles,
  findUpwardImports,
  formatCircle,
  formatUpwardImport,
  importGraph,
  LOADTEST_LAYERS,
  relativeImports,
  workspaceRootOf,
} from './layer-imports.js';

const LT = 'tools/loadtest/src';
const sources = (files: Record<string, string>) => new Map(Object.entries(files));

describe('relativeImports', () => {
  it('reads imports and re-exports, type-only, bare and dynamic ones, not those in comments', () => {
    const source = [
      "import { a } from './a.js';",
      "import type { B } from '../b/index.js';",
      "export * from './c.js';",
      "export type { D } from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      "import { g } from '@lab/domain';",
      "// import { h } from './h.js';",
      "/** see `import { i } from './i.js'` */",
    ].join('\n');
    expect(relativeImports(source)).toEqual([
      './a.js',
      '../b/index.js',
      './c.js',
      './d.js',
      './e.js',
      './f.js',
    ]);
  });

  it('resolves a specifier to a file of the sources: .js to .ts, a folder to its index', () => {
    const graph = importGraph(
      sources({
        'libs/x/src/a.ts':
          "import { b } from './b.js';\nimport { c } from './c/index.js';\nimport './gone.js';",
        'libs/x/src/b.ts': "import { c } from './c';",
        'libs/x/src/c/index.ts': '',
      }),
    );
    expect(graph.get('libs/x/src/a.ts')).toEqual(['libs/x/src/b.ts', 'libs/x/src/c/index.ts']);
    expect(graph.get('libs/x/src/b.ts')).toEqual(['libs/x/src/c/index.ts']);
  });
});

describe('findImportCircles', () => {
  it('finds a circle of two files, a longer one, and one through a type-only import', () => {
    const graph = importGraph(
      sources({
        'libs/a/src/replicas.ts': "import { x } from './stacks.js';",
        'libs/a/src/stacks.ts': "import type { Y } from './replicas.js';",
        'tools/b/src/one.ts': "import { two } from './two.js';",
        'tools/b/src/two.ts': "import { three } from './three.js';",
        'tools/b/src/three.ts': "export { one } from './one.js';",
        'tools/b/src/leaf.ts': "import { one } from './one.js';",
      }),
    );
    expect(findImportCircles(graph).map(formatCircle)).toEqual([
      'libs/a/src/replicas.ts → libs/a/src/stacks.ts → libs/a/src/replicas.ts',
      'tools/b/src/one.ts → tools/b/src/two.ts → tools/b/src/three.ts → tools/b/src/one.ts',
    ]);
  });

  it('finds a file that imports itself, and none in a tree', () => {
    expect(findImportCircles(new Map([['a.ts', ['a.ts']]]))).toEqual([['a.ts']]);
    expect(
      findImportCircles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
  });
});

describe("findUpwardImports in the load tool's layers", () => {
  const tree = sources({
    [`${LT}/cli.ts`]: "import { main } from './cli/main.js';",
    [`${LT}/index.ts`]: "export { runSuite } from './runner/run-suite.js';",
    [`${LT}/cli/main.ts`]:
      "import { runSuite } from '../runner/run-suite.js';\nimport { printHtml } from '../report/html/print-html.js';",
    [`${LT}/runner/run-suite.ts`]:
      "import { verdictFor } from '../analysis/verdict.js';\nimport { TRANSPORT_SECONDS } from '../cli/transport-command.js';",
    [`${LT}/cli/transport-command.ts`]: '',
    [`${LT}/analysis/verdict.ts`]:
      "import type { VerdictRow } from '../result/index.js';\nimport { formatMs } from '../report/text/format.js';",
    [`${LT}/report/html/print-html.ts`]:
      "import { formatMs } from '../text/format.js';\nimport type { RunResult } from '../../result/index.js';\nimport { verdictFor } from '../../analysis/verdict.js';",
    [`${LT}/report/text/format.ts`]: '',
    [`${LT}/report/html/print-html.spec.ts`]:
      "import { runResult } from '../../testing/run-result.js';",
    [`${LT}/result/index.ts`]: '',
    [`${LT}/testing/run-result.ts`]: "import { verdictFor } from '../analysis/verdict.js';",
    [`${LT}/load/pacer.ts`]: "import { runResult } from '../testing/run-result.js';",
    [`${LT}/transport.ts`]: '',
  });
  const found = findUpwardImports(tree, LOADTEST_LAYERS).map(formatUpwardImport);

  it('fails an import up the layers: runner → cli, analysis → report', () => {
    expect(found).toContain(
      `${LT}/runner/run-suite.ts → ${LT}/cli/transport-command.ts: runner/ may not import cli/ (${LOADTEST_LAYERS.why})`,
    );
    expect(found).toContain(
      `${LT}/analysis/verdict.ts → ${LT}/report/text/format.ts: analysis/ may not import report/ (${LOADTEST_LAYERS.why})`,
    );
  });

  it('fails a printer that reads anything but the result', () => {
    expect(found).toContain(
      `${LT}/report/html/print-html.ts → ${LT}/analysis/verdict.ts: report/ reads only result/`,
    );
  });

  it('keeps the fixtures for specs, and every other file in a folder', () => {
    expect(found).toContain(
      `${LT}/load/pacer.ts → ${LT}/testing/run-result.ts: testing/ is for specs only`,
    );
    expect(found).toContain(
      `${LT}/transport.ts → ${LT}/transport.ts: not in a layer folder of ${LT}`,
    );
  });

  it('allows imports down the layers, inside a folder, and from a spec to the fixtures', () => {
    expect(found).toHaveLength(5);
    expect(found.some((f) => f.startsWith(`${LT}/cli/`))).toBe(false);
    expect(found.some((f) => f.startsWith(`${LT}/report/html/print-html.spec.ts`))).toBe(false);
    expect(found.some((f) => f.startsWith(`${LT}/testing/`))).toBe(false);
  });
});

describe('the workspace', () => {
  it('has no import circle and no upward import in the load tool', () => {
    const { problems, files } = checkWorkspaceImports(
      workspaceRootOf(fileURLToPath(import.meta.url)),
    );
    expect(files).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });
});
