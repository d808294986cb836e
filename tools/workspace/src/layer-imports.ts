/**
 * Imports inside the project's own TypeScript (relative ones, type-only
 * included), checked two ways: no import circle anywhere in libs/, apps/ and
 * tools/, and inside tools/loadtest/src imports only point down its layers
 * (cli → runner → load, probes, analysis, bench → stats, scenario → result;
 * report/ reads only result/). Pure over a map of file → source; the
 * workspace is read by `readSources`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';

/** Source files by path, relative to the workspace root, with `/` separators. */
export type Sources = ReadonlyMap<string, string>;

/** A folder of a layered tree and where it sits: a folder imports only folders of a higher rank. */
export interface Layer {
  readonly rank: number;
  /** When given, the only folders it may import (its own always). */
  readonly only?: readonly string[];
  /** Only specs (and this folder's own files) may import it: test fixtures. */
  readonly specsOnly?: boolean;
}

export interface LayeredTree {
  /** The tree's root, relative to the workspace: "tools/loadtest/src". */
  readonly root: string;
  /** The only files directly under the root (index.ts, the bin), ranked above every folder. */
  readonly topFiles: readonly string[];
  readonly layers: Readonly<Record<string, Layer>>;
  readonly why: string;
}

/** The load tool's layers (docs/load-tool.md): lower ranks import higher ones, never back. */
export const LOADTEST_LAYERS: LayeredTree = {
  root: 'tools/loadtest/src',
  topFiles: ['index.ts', 'cli.ts'],
  layers: {
    cli: { rank: 0 },
    runner: { rank: 1 },
    report: { rank: 1, only: ['result'] },
    bench: { rank: 2 },
    load: { rank: 3 },
    probes: { rank: 3 },
    analysis: { rank: 3 },
    stats: { rank: 4 },
    scenario: { rank: 4 },
    result: { rank: 5 },
    testing: { rank: 0, specsOnly: true },
  },
  why: 'cli → runner → load, probes, analysis, bench → stats, scenario → result; report/ reads only result/',
};

export interface UpwardImport {
  readonly file: string;
  readonly target: string;
  readonly why: string;
}

/** The rank of the tree's top-level files: above every folder. */
const TOP_RANK = -1;

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'generated', '.nx', 'test-output']);
const SOURCE_FILE = /\.(ts|mts)$/;
const SPEC_FILE = /\.(spec|e2e|test)\.ts$/;

/** Every .ts file under the given folders of the workspace, declarations and generated code left out. */
export function readSources(workspaceRoot: string, dirs: readonly string[]): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      if (SKIPPED_DIRS.has(entry)) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE_FILE.test(entry) && !entry.endsWith('.d.ts'))
        sources.set(relative(workspaceRoot, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  for (const d of dirs) walk(join(workspaceRoot, d));
  return sources;
}

/** The source with its comments blanked, so an example in a comment is not an import. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

const FROM = /(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const BARE = /import\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const DYNAMIC = /import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** The relative specifiers a file imports or re-exports, type-only ones included. */
export function relativeImports(source: string): string[] {
  const text = withoutComments(source);
  return [FROM, BARE, DYNAMIC].flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!));
}

/** The file a relative specifier names, among the sources; undefined outside them. */
export function resolveImport(
  from: string,
  specifier: string,
  sources: Sources,
): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.m?js$/, '');
  return [`${base}.ts`, `${base}.mts`, `${base}/index.ts`].find((c) => sources.has(c));
}

/** Each file's imports among the sources. */
export function importGraph(sources: Sources): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [file, source] of sources)
    graph.set(
      file,
      relativeImports(source)
        .map((s) => resolveImport(file, s, sources))
        .filter((t): t is string => t !== undefined),
    );
  return graph;
}

/** Every import circle (a strongly connected set of two files or more, or a file importing itself). */
export function findImportCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const circle: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      circle.push(w);
    } while (w !== v);
    if (circle.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(circle.reverse());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return circles;
}

/** The layer folder of a file of the tree ('' for its top-level files); undefined outside the tree. */
function folderOf(file: string, tree: LayeredTree): string | undefined {
  if (!file.startsWith(`${tree.root}/`)) return undefined;
  const rest = file.slice(tree.root.length + 1);
  return rest.includes('/') ? rest.slice(0, rest.indexOf('/')) : '';
}

/** Why an import from one folder of the tree to another points the wrong way; null when it does not. */
function wrongWay(from: string, to: string, isSpec: boolean, tree: LayeredTree): string | null {
  if (from === to) return null;
  const layer = (f: string) => (f === '' ? { rank: TOP_RANK } : tree.layers[f]);
  const source = layer(from);
  const target = layer(to);
  if (!source) return `${from}/ is not a layer of ${tree.root}`;
  if (!target) return `${to}/ is not a layer of ${tree.root}`;
  if (target.specsOnly) return isSpec ? null : `${to}/ is for specs only`;
  if (source.only && !source.only.includes(to))
    return `${from}/ reads only ${source.only.join(', ')}/`;
  if (target.rank <= source.rank) return `${from}/ may not import ${to}/ (${tree.why})`;
  return null;
}

/**
 * Every import inside the tree that points up (or sideways) its layers, and
 * every file at the tree's top that is not one of its entry points (a file
 * belongs in the folder that says its job).
 */
export function findUpwardImports(sources: Sources, tree: LayeredTree): UpwardImport[] {
  const found: UpwardImport[] = [];
  for (const [file, targets] of importGraph(sources)) {
    const from = folderOf(file, tree);
    if (from === undefined) continue;
    if (from === '' && !tree.topFiles.some((f) => file === `${tree.root}/${f}`))
      found.push({ file, target: file, why: `not in a layer folder of ${tree.root}` });
    for (const target of targets) {
      const to = folderOf(target, tree);
      if (to === undefined) continue;
      const why = wrongWay(from, to, SPEC_FILE.test(file), tree);
      if (why) found.push({ file, target, why });
    }
  }
  return found;
}

/** "tools/loadtest/src/report/x.ts → tools/loadtest/src/analysis/y.ts: report/ reads only result/". */
export function formatUpwardImport(u: UpwardImport): string {
  return `${u.file} → ${u.target}: ${u.why}`;
}

/** "a.ts → b.ts → a.ts". */
export function formatCircle(circle: readonly string[]): string {
  return [...circle, circle[0]!].join(' → ');
}

/** The folders the workspace checks read, relative to its root. */
export const CHECKED_DIRS = ['libs', 'apps', 'tools'] as const;

/** Both checks over the workspace at `root`: the lines to print, empty when it is clean. */
export function checkWorkspaceImports(root: string): { problems: string[]; files: number } {
  const sources = readSources(root, CHECKED_DIRS);
  const circles = findImportCircles(importGraph(sources)).map(
    (c) => `import circle: ${formatCircle(c)}`,
  );
  const upward = findUpwardImports(sources, LOADTEST_LAYERS).map(
    (u) => `upward import: ${formatUpwardImport(u)}`,
  );
  return { problems: [...circles, ...upward], files: sources.size };
}

/** The workspace root from a file inside tools/workspace/src. */
export function workspaceRootOf(file: string): string {
  return join(dirname(file), '..', '..', '..');
}
