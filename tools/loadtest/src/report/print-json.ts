import type { RunResult } from '../result/index.js';

/** Two spaces: the saved report.json is read by people as well as by tools. */
const INDENT = 2;

/**
 * The whole result as pretty JSON, keys in the order the runner built them, so
 * two reports of the same run are byte-identical and diff cleanly.
 */
export function printJson(result: RunResult): string {
  return `${JSON.stringify(result, null, INDENT)}\n`;
}
