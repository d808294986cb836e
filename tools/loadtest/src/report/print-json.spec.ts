import { describe, expect, it } from 'vitest';
import { runResult } from '../testing/run-result.js';
import { printJson } from './print-json.js';

describe('printJson', () => {
  it('round-trips to the same object', () => {
    expect(JSON.parse(printJson(runResult))).toEqual(runResult);
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
