#!/usr/bin/env node
// Scaffolds an app: node tools/scripts/new-app.mjs <dir> <@lab/name> <tags> <deps> <readyWhen JSON>
// A project made by new-project.mjs, plus a `serve` target that runs the build.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, name, tags, deps, readyWhen] = process.argv.slice(2);
execFileSync(process.execPath, ['tools/scripts/new-project.mjs', dir, name, tags, deps], {
  stdio: 'inherit',
});
const file = join(dir, 'package.json');
const pkg = JSON.parse(readFileSync(file, 'utf8'));
delete pkg.exports;
delete pkg.scripts.test;
pkg.scripts.serve = 'node dist/main.js';
pkg.scripts.dev = 'node --conditions=@lab/source --import tsx src/main.ts';
pkg.nx.targets = {
  serve: {
    continuous: true,
    dependsOn: ['build', { projects: ['@lab/brokers'], target: 'serve', waitFor: 'ready' }],
    readyWhen: JSON.parse(readyWhen),
  },
};
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
rmSync(join(dir, 'vitest.config.ts'));
rmSync(join(dir, 'src/index.ts'));
const ts = JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8'));
ts.include = ['src/**/*.ts'];
writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(ts, null, 2) + '\n');
