#!/usr/bin/env node
// Scaffolds one workspace project with the layout every project shares:
//   node tools/scripts/new-project.mjs <dir> <@lab/name> <tag,tag> [dep,dep]
// It refuses to overwrite an existing package.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const [dir, name, tagList = '', depList = ''] = process.argv.slice(2);
if (!dir || !name) {
  console.error('usage: new-project.mjs <dir> <@lab/name> <tag,tag> [@lab/dep,...]');
  process.exit(2);
}
if (existsSync(join(dir, 'package.json'))) {
  console.error(`${dir}/package.json exists; not overwriting`);
  process.exit(1);
}
const toRoot = relative(dir, '.') || '.';
const tags = tagList.split(',').filter(Boolean);
const deps = Object.fromEntries(
  depList
    .split(',')
    .filter(Boolean)
    .map((d) => [d, '*']),
);
mkdirSync(join(dir, 'src'), { recursive: true });
const pkg = {
  name,
  version: '0.0.0',
  private: true,
  type: 'module',
  exports: {
    '.': {
      '@lab/source': './src/index.ts',
      types: './dist/index.d.ts',
      default: './dist/index.js',
    },
  },
  scripts: {
    build: 'tsc -p tsconfig.build.json',
    typecheck: 'tsc -p tsconfig.json',
    lint: 'eslint src',
    test: 'vitest run',
  },
  dependencies: deps,
  nx: { tags },
};
const write = (file, value) =>
  writeFileSync(
    join(dir, file),
    typeof value === 'string' ? value : JSON.stringify(value, null, 2) + '\n',
  );
write('package.json', pkg);
write('tsconfig.json', {
  extends: `${toRoot}/tsconfig.base.json`,
  compilerOptions: { noEmit: true },
  include: ['src/**/*.ts', 'vitest.config.ts'],
});
write('tsconfig.build.json', {
  extends: './tsconfig.json',
  compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist', customConditions: [] },
  include: ['src/**/*.ts'],
  exclude: ['src/**/*.spec.ts', 'src/**/*.e2e.ts'],
});
write(
  'vitest.config.ts',
  `import { projectConfig } from '${toRoot}/vitest.shared.js';\n\nexport default projectConfig();\n`,
);
if (!existsSync(join(dir, 'src/index.ts'))) write('src/index.ts', 'export {};\n');
console.log(`created ${name} in ${dir}`);
