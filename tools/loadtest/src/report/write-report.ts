import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../result/index.js';
import { printHtml, printJson, printMarkdown } from './index.js';
import { writeExports } from './export/write-exports.js';

/** Writes report.md, index.html and the exports of a result into `dir`, from the result alone; returns `dir`. */
export function printReports(result: RunResult, dir: string): string {
  writeFileSync(join(dir, 'report.md'), printMarkdown(result));
  writeFileSync(join(dir, 'index.html'), printHtml(result));
  writeExports(result, dir);
  return dir;
}

/** Writes reports/<run-id>/{report.json,report.md,index.html} and points reports/latest at it. */
export function writeReport(result: RunResult, outDir: string): string {
  const dir = join(outDir, result.runId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), printJson(result));
  printReports(result, dir);
  const latest = join(outDir, 'latest');
  rmSync(latest, { force: true, recursive: false });
  symlinkSync(result.runId, latest, 'dir');
  return dir;
}
