import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runResult } from '../testing/run-result.js';
import { printHtml, printJson, printMarkdown } from './index.js';
import { printReports, writeReport } from './write-report.js';

const out = mkdtempSync(join(tmpdir(), 'loadtest-report-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('writeReport', () => {
  it('writes report.json, report.md and index.html under the run id, and points latest at it', () => {
    const dir = writeReport(runResult, out);
    expect(dir).toBe(join(out, runResult.runId));
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(printJson(runResult));
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe(printMarkdown(runResult));
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe(printHtml(runResult));
    expect(readlinkSync(join(out, 'latest'))).toBe(runResult.runId);
    // Again: latest is replaced, not a reason to fail.
    expect(writeReport(runResult, out)).toBe(dir);
  });

  it('prints the two reports of a result into a folder of its own', () => {
    const dir = mkdtempSync(join(out, 'again-'));
    expect(printReports(runResult, dir)).toBe(dir);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe(printMarkdown(runResult));
  });
});
