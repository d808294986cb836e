/**
 * One cell of the crossover grid in words: why it went the way it did, from
 * the figures and the judgement the runner stored.
 */
import type { CellFigures, CellRef, CrossoverCell, CrossoverResult } from '../../result/index.js';
import {
  formatBreakdown,
  formatFactor,
  formatMs,
  formatPercent,
  formatRate,
  MISSING,
} from './format.js';
import { promisesText } from './promise-text.js';

/** "200/s × 3 s". */
export const cellName = (c: CellRef) => `${formatRate(c.rate)} × ${formatMs(c.paymentLatencyMs)}`;

/** "34 % not done (saturated: 612)". */
export function notDoneText(f: Pick<CellFigures, 'notDone' | 'errors'>): string {
  const why = formatBreakdown(f.errors);
  return `${formatPercent(f.notDone)} not done${why ? ` (${why})` : ''}`;
}

/** A finite p99, or "never (34 % not done)". */
export function doneText(f: CellFigures | undefined, pick: 'doneP99' | 'doneP50'): string {
  if (!f) return MISSING;
  const ms = f[pick];
  return ms === null ? `never (${formatPercent(f.notDone)} not done)` : formatMs(ms);
}

function brokeText(c: CrossoverCell, variant: 'sync' | 'async'): string {
  return `${variant} broke its promises (${promisesText(c.promises[variant]!)})`;
}

/** "sync 1.6× faster: sync 52 ms vs async 84 ms", "sync: 34 % not done (saturated: 41)", … */
export function cellWhy(c: CrossoverCell, rule: CrossoverResult['rule']): string {
  const j = c.judgement;
  const { sync, async } = c.figures;
  const versus = () => `sync ${formatMs(sync!.doneP99)} vs async ${formatMs(async!.doneP99)}`;
  switch (j.reason) {
    case 'one-ran':
      return `only ${j.ran ?? 'neither'} ran: nothing to compare`;
    case 'promises-broken':
      return j.promisesBroken?.length === 2
        ? `both broke their promises: ${brokeText(c, 'sync')}; ${brokeText(c, 'async')}`
        : brokeText(c, j.promisesBroken?.[0] === 'sync' ? 'sync' : 'async');
    case 'neither-done':
      return `neither got 99 % done: sync ${notDoneText(sync!)}, async ${notDoneText(async!)}`;
    case 'not-done':
      return `${j.notDone}: ${notDoneText(j.notDone === 'sync' ? sync! : async!)}`;
    case 'within-tie':
      return `within ${formatPercent(rule.tieWithin)}: ${versus()}`;
    case 'faster':
      return `${j.better} ${j.factor === null ? '' : `${formatFactor(j.factor)} `}faster: ${versus()}`;
  }
}
