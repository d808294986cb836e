import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../result/index.js';
import { fullRun, SAVED_RUN } from '../testing/full-run.js';
import { runResult } from '../testing/run-result.js';
import { printHtml } from './html/print-html.js';
import { printMarkdown } from './markdown/print-markdown.js';
import { printJson } from './print-json.js';

/** `LAB_UPDATE_FIXTURES=1 npx vitest run src/report/print-json.spec.ts` writes the saved run again. */
if (process.env['LAB_UPDATE_FIXTURES'] === '1') writeFileSync(SAVED_RUN, printJson(fullRun));

describe('printJson', () => {
  it('round-trips to the same object: no number a JSON file cannot hold', () => {
    expect(JSON.parse(printJson(runResult))).toEqual(runResult);
    expect(JSON.parse(printJson(fullRun))).toEqual(fullRun);
  });

  it('keeps the key order of the result object', () => {
    const parsed = JSON.parse(printJson(runResult)) as typeof runResult;
    expect(Object.keys(parsed)).toEqual(Object.keys(runResult));
    expect(Object.keys(parsed.scenarios[0]!.variants[0]!)).toEqual(
      Object.keys(runResult.scenarios[0]!.variants[0]!),
    );
  });

  it('is pretty, ends with a newline and prints the same bytes every time', () => {
    const text = printJson(runResult);
    expect(text.startsWith('{\n  "runId": ')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(printJson(structuredClone(runResult))).toBe(text);
  });
});

describe('a saved report.json', () => {
  const saved = readFileSync(SAVED_RUN, 'utf8');
  const loaded = JSON.parse(saved) as RunResult;

  it('is the run as the runner writes it (LAB_UPDATE_FIXTURES=1 writes it again)', () => {
    // Parsed, so a formatter run over the file changes nothing here.
    expect(loaded).toEqual(JSON.parse(printJson(fullRun)));
  });

  it('holds every figure and judgement as numbers: ratios, bounds, verdicts, the article, the grid', () => {
    const ramp = loaded.scenarios.find((s) => s.name === 'capacity')!.variants[0]!;
    expect(typeof ramp.capacity!.ratio).toBe('number');
    expect(typeof ramp.capacity!.transportBound!.rate).toBe('number');
    expect(typeof ramp.capacity!.machineBound!.rate).toBe('number');
    const verdict = loaded.scenarios[0]!.verdict[0]!;
    expect(Object.values(verdict.values).every((v) => typeof v === 'number')).toBe(true);
    expect(loaded.article.rows!.every((r) => typeof r.measuredMs === 'number')).toBe(true);
    const grid = loaded.scenarios.find((s) => s.crossover)!.crossover!;
    expect(typeof grid.verdict.under!.syncFaster).toBe('number');
    expect(typeof grid.cells[0]!.judgement.factor).toBe('number');
  });

  it('prints, alone, the same Markdown and HTML as the run in memory', () => {
    expect(printMarkdown(loaded)).toBe(printMarkdown(fullRun));
    expect(printHtml(loaded)).toBe(printHtml(fullRun));
  });
});
