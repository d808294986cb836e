#!/usr/bin/env node
// Adds up the JSON reports every project's vitest run wrote, and prints one
// closing line: "N passed, N failed". Exits 1 when a report is missing a
// project that has tests, or when anything failed.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = 'test-output/vitest';
if (!existsSync(dir)) {
  console.error('test summary: no reports in test-output/vitest');
  process.exit(1);
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  if (report.numFailedTestSuites > 0 && report.numFailedTests === 0)
    failed += report.numFailedTestSuites;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
