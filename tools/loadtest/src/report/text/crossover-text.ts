/**
 * The crossover's text, shared by the HTML and Markdown printers as plain
 * strings (each escapes for its own syntax): the grid of which is better,
 * the figures of every cell, the workload line and the accounting.
 */
import type { Variant } from '@lab/domain';
import {
  PROMISE_COUNTS,
  type CrossoverCell,
  type CrossoverResult,
  type ScenarioResult,
} from '../../result/index.js';
import { cellWhy, doneText } from './crossover-cell-text.js';
import {
  formatBreakdown,
  formatCount,
  formatFactor,
  formatMs,
  formatNumber,
  formatPercent,
  formatRate,
  formatSeconds,
} from './format.js';
import { promiseLabel, promisesText } from './promise-text.js';

/** The variants of the grid, in the order they ran. */
export function crossoverVariants(x: CrossoverResult): Variant[] {
  return [...new Set(x.cells.flatMap((c) => c.runs.map((r) => r.variant)))];
}

/** One cell of the grid as a person reads it. */
export interface GridCell {
  readonly better: CrossoverCell['judgement']['better'];
  /** "sync 1.6×", "async", "even", "–". */
  readonly headline: string;
  /** "sync 52 ms · async 84 ms" (p99 time until done). */
  readonly detail: string;
  /** "40 in flight". */
  readonly inFlight: string;
}

export function gridCell(c: CrossoverCell, rule: CrossoverResult['rule']): GridCell {
  const { better, factor } = c.judgement;
  const headline =
    better === null
      ? '–'
      : better === 'tie'
        ? 'even'
        : factor === null
          ? better
          : `${better} ${formatFactor(factor)}`;
  // A cell settled by a broken promise says so, not the times it did not go by.
  const detail =
    better === null || c.judgement.promisesBroken?.length
      ? cellWhy(c, rule)
      : (['sync', 'async'] as const)
          .map((v) => `${v} ${doneText(c.figures[v], 'doneP99')}`)
          .join(' · ');
  return { better, headline, detail, inFlight: `${formatNumber(c.inFlight)} in flight` };
}

/** The grid: a row per payment latency, a column per rate; null where a cell is missing. */
export function gridRows(x: CrossoverResult): {
  readonly rates: readonly string[];
  readonly rows: readonly { readonly latency: string; readonly cells: (GridCell | null)[] }[];
} {
  const rates = [...x.rates].sort((a, b) => a - b);
  const latencies = [...x.paymentLatenciesMs].sort((a, b) => a - b);
  return {
    rates: rates.map(formatRate),
    rows: latencies.map((l) => ({
      latency: formatMs(l),
      cells: rates.map((r) => {
        const cell = x.cells.find((c) => c.rate === r && c.paymentLatencyMs === l);
        return cell ? gridCell(cell, x.rule) : null;
      }),
    })),
  };
}

/** How the grid is read, under it. */
export const GRID_CAPTION =
  'Each cell: the better of sync and async at that arrival rate (across) and payment provider latency (down), by how much (the slower p99 time until done over the faster), both p99s, and rate × latency: the checkouts in flight a sync edge must hold to keep up.';

/** The rule the cells were judged by, in one paragraph for the captions. */
export function crossoverRuleText(rule: CrossoverResult['rule']): string {
  return (
    `Better: the lower p99 time until done, from the intended send until the order is confirmed with every effect applied (sync: its answer; async: its completion), counted over every request offered. ` +
    `A request answered with an error (503 when the sync pool and its queue are full) is never done, so it is worse than any completion: with more than ${formatPercent(rule.notDoneAllowed)} of them the p99 is "never". ` +
    `Within ${formatPercent(rule.tieWithin)} of each other is even, and the verdict counts even for sync: its answer carries the outcome, with no broker behind it. ` +
    'A variant that broke a promise in a cell (an order lost, an effect duplicated or missing, a charge or a reservation left behind) is never the better one there.'
  );
}

/** One variant in one cell, with its figures formatted. */
export interface FiguresRow {
  readonly latency: string;
  readonly rate: string;
  readonly inFlight: string;
  readonly variant: string;
  readonly answeredP50: string;
  readonly answeredP99: string;
  readonly doneP50: string;
  readonly doneP99: string;
  readonly notDone: string;
  readonly errors: string;
  /** This variant is the better one in its cell. */
  readonly better: boolean;
  /** More than 1 % never done: its p99 is "never". */
  readonly never: boolean;
}

export const FIGURES_HEADERS = [
  'payment latency',
  'rate',
  'in flight',
  'variant',
  'answered p50',
  'answered p99',
  'done p50',
  'done p99',
  'never done',
  'errors',
] as const;

export function figuresRows(x: CrossoverResult): FiguresRow[] {
  const variants = crossoverVariants(x);
  return x.cells.flatMap((c) =>
    variants.flatMap((v) => {
      const f = c.figures[v];
      if (!f) return [];
      return [
        {
          latency: formatMs(c.paymentLatencyMs),
          rate: formatRate(c.rate),
          inFlight: formatNumber(c.inFlight),
          variant: v,
          answeredP50: formatMs(f.answeredP50),
          answeredP99: formatMs(f.answeredP99),
          doneP50: doneText(f, 'doneP50'),
          doneP99: doneText(f, 'doneP99'),
          notDone: formatPercent(f.notDone),
          errors: formatBreakdown(f.errors) || '0',
          better: c.judgement.better === v,
          never: f.doneP99 === null,
        },
      ];
    }),
  );
}

export const FIGURES_CAPTION =
  'Answered: the HTTP answer (sync: the outcome; async: 202 accepted). Done: confirmed with every effect applied, counted over every request offered in the steady part of the cell (an error answer is never done). With repetitions, medians.';

/** "each cell: open loop for 6 s (1 s warm-up); rates 20, 80 and 200/s × payment latency 50 ms, 500 ms and 3 s …". */
export function crossoverWorkloadLine(scenario: ScenarioResult): string {
  const x = scenario.crossover!;
  const w = scenario.workload;
  const list = (items: string[]) =>
    items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  const pool = x.syncPool;
  return (
    `each cell: open loop, ${w.arrivals?.process === 'poisson' ? 'Poisson' : w.arrivals?.process === 'bursty' ? 'bursty' : 'evenly spaced'} arrivals, for ${formatSeconds(w.durationS)} (${formatSeconds(w.warmupS)} warm-up); ` +
    `rates ${list([...x.rates].sort((a, b) => a - b).map((r) => formatNumber(r)))}/s × ` +
    `payment latency ${list([...x.paymentLatenciesMs].sort((a, b) => a - b).map(formatMs))} (step ${x.step}, set on every payment process for the whole cell); ` +
    `profile ${scenario.profile} (no other step waits), time scale ${formatNumber(scenario.timeScale)}; ` +
    `sync pool ${formatNumber(pool.maxInFlight)} at once, ${formatNumber(pool.maxQueued)} queued for up to ${formatMs(pool.queueTimeoutMs)}, then 503`
  );
}

/** Per variant, the accounting summed over every cell, formatted. */
export interface CrossoverBooksRow {
  readonly variant: string;
  readonly cells: number;
  readonly accepted: string;
  readonly confirmed: string;
  readonly failed: string;
  /** Each promise count, summed over the cells, in the order of PROMISE_COUNTS. */
  readonly counts: readonly { readonly label: string; readonly value: number }[];
  /** "kept", or what broke them over the cells. */
  readonly promises: string;
  readonly broke: boolean;
}

export function crossoverBooks(x: CrossoverResult): CrossoverBooksRow[] {
  return x.books.map((b) => ({
    variant: b.variant,
    cells: b.runs,
    accepted: formatCount(b.accepted),
    confirmed: formatCount(b.confirmed),
    failed: formatCount(b.failed),
    counts: PROMISE_COUNTS.map((c) => ({ label: promiseLabel(c), value: b.counts[c] })),
    promises: promisesText(b.promises),
    broke: !b.promises.kept,
  }));
}

/** The books table's headers: the runs, the volumes, then every promise count. */
export const BOOKS_HEADERS = [
  'variant',
  'runs',
  'accepted',
  'confirmed',
  'failed',
  ...PROMISE_COUNTS.map(promiseLabel),
  'promises',
] as const;
