/**
 * Queueing theory beside the measurement (docs/queueing.md), as rows every
 * printer shows the same way: figure, predicted, measured, and the verdict.
 */
import { MODEL_TOLERANCE, type ModelCheck } from '../../result/index.js';
import { formatCount, formatMs, formatPercent, formatSeconds } from './format.js';

export const MODEL_HEADERS = ['figure', 'variant', 'model', 'measured', 'apart', 'verdict'];

const MISSING = '—';

function value(unit: ModelCheck['unit'], v: number | null): string {
  if (v === null) return MISSING;
  if (unit === 'share') return formatPercent(v);
  if (unit === 'ms') return formatMs(v);
  if (unit === 's') return formatSeconds(v);
  return formatCount(v);
}

/** "agrees", or "differs: <reason>". */
export function modelVerdict(c: ModelCheck): string {
  if (c.agrees === null) return c.reason ?? 'not measured';
  if (c.agrees) return 'agrees';
  return `differs by more than ${formatPercent(MODEL_TOLERANCE)}: ${c.reason ?? 'no reason recorded'}`;
}

/** One row per check, in MODEL_HEADERS' order. */
export function modelRows(checks: readonly ModelCheck[]): string[][] {
  return checks.map((c) => [
    c.figure,
    c.variant,
    value(c.unit, c.predicted),
    value(c.unit, c.measured),
    c.difference === null ? MISSING : formatPercent(c.difference),
    modelVerdict(c),
  ]);
}

/** What the model was fed, once per distinct formula and inputs. */
export function modelInputs(checks: readonly ModelCheck[]): string[] {
  return [...new Set(checks.map((c) => `${c.variant}: ${c.model}`))];
}
