/**
 * The verdict of the crossover grid in one or two sentences, told around the
 * sync pool, where the crossover comes from (Little's law): under it, whether
 * sync is the better choice; past it, whether async completion beats sync and
 * what sync does there.
 */
import { combinePromises, promisesOf, promisesText } from './promises.js';
import type { CrossoverCell, CrossoverResult } from '../result/index.js';
import {
  cellFigures,
  CROSSOVER_TIE,
  formatFactor,
  NOT_DONE_ALLOWED,
  notDoneText,
  SATURATED,
} from './crossover-rule.js';
import { formatMs, formatNumber, formatPercent, formatRate } from '../report/text/format.js';

/** "50 ms", "50 and 500 ms", "50 ms and 3 s", "50–3000 ms": latencies of neighbouring rows. */
function latencyList(latencies: readonly number[]): string {
  const texts = latencies.map(formatMs);
  const unit = (t: string) => t.replace(/^[\d.,]+ /, '');
  const bare = (t: string) => t.replace(/ \S+$/, '');
  const oneUnit = texts.every((t) => unit(t) === unit(texts[0]!));
  if (texts.length > 2) return `${oneUnit ? bare(texts[0]!) : texts[0]}–${texts.at(-1)}`;
  return oneUnit && texts.length === 2 ? `${bare(texts[0]!)} and ${texts[1]}` : joinAnd(texts);
}

/** "a, b and c". */
function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1
    ? parts.join('')
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

const cellName = (c: CrossoverCell) => `${formatRate(c.rate)} × ${formatMs(c.paymentLatencyMs)}`;

/** What sync does in a cell async wins: "at 200/s × 3 s sync answers 503 to 41 % of orders". */
function syncThere(c: CrossoverCell, pool: CrossoverResult['syncPool']): string {
  const sync = cellFigures(c.runs.filter((r) => r.variant === 'sync'));
  const at = `at ${cellName(c)}`;
  if (sync && sync.notDone > NOT_DONE_ALLOWED) {
    return sync.errors[SATURATED]
      ? `${at} sync answers 503 to ${formatPercent(sync.notDone)} of orders (its pool and its queue of ${formatNumber(pool.maxQueued)} full)`
      : `${at} sync leaves ${notDoneText(sync)}`;
  }
  const factor = c.judgement.factor === null ? '' : ` ${formatFactor(c.judgement.factor)} async's`;
  return c.inFlight > pool.maxInFlight
    ? `${at} sync's requests wait for a place in the pool (its p99${factor})`
    : `${at} sync's p99 is${factor || ' above async'}`;
}

/** "up to 200/s, every rate tried, at 50 and 500 ms payment latency and up to 20/s at 3 s". */
function region(
  upTo: readonly { latency: number; rate: number | null }[],
  maxRate: number,
): string {
  const groups: { latencies: number[]; rate: number | null }[] = [];
  for (const u of upTo) {
    const last = groups.at(-1);
    if (last && last.rate === u.rate) last.latencies.push(u.latency);
    else groups.push({ latencies: [u.latency], rate: u.rate });
  }
  return joinAnd(
    groups
      .filter((g) => g.rate !== null)
      .map(
        (g, i) =>
          `up to ${formatRate(g.rate!)}${g.rate === maxRate ? ', every rate tried,' : ''} ` +
          `at ${latencyList(g.latencies)}${i === 0 ? ' payment latency' : ''}`,
      ),
  );
}

/** "faster in 4 of 7 cells and even (within 10 %) in 3". */
function countText(faster: number, even: number, of: number): string {
  const share = (n: number) => (n === of ? 'in every cell' : `in ${n} of ${of} cells`);
  const tie = `even (within ${formatPercent(CROSSOVER_TIE)})`;
  if (faster && even) return `faster ${share(faster)} and ${tie} in ${even}`;
  return faster ? `faster ${share(faster)}` : `${tie} ${share(even)}`;
}

/**
 * One or two sentences from the grid, told around the sync pool, where the
 * crossover comes from (Little's law): under it (rate × latency within the
 * pool, a region the grid fixes) whether sync is the better choice, faster or
 * even in most cells; past it, whether async completion beats sync, and what
 * sync does there (waits for the pool, or answers 503). Then the cells where a
 * variant broke a promise (DESIGN.md section 5), which go to the other.
 */
export function crossoverVerdict(grid: Grid): string {
  const broken = brokenPromises(grid.cells);
  return broken ? `${timeVerdict(grid)} ${broken}` : timeVerdict(grid);
}

type Grid = Pick<CrossoverResult, 'cells' | 'syncPool' | 'rates' | 'paymentLatenciesMs'>;

/** "Promises broken: async at 200/s × 3 s (lost 2); …", or null when every cell kept them. */
function brokenPromises(cells: readonly CrossoverCell[]): string | null {
  const broken = cells.flatMap((c) =>
    [...new Set(c.runs.map((r) => r.variant))].flatMap((variant) => {
      const j = combinePromises(c.runs.filter((r) => r.variant === variant).map(promisesOf));
      return j.kept ? [] : [`${variant} at ${cellName(c)} (${promisesText(j)})`];
    }),
  );
  return broken.length
    ? `Promises broken: ${broken.join('; ')}: a cell goes to the variant that kept them.`
    : null;
}

/** The verdict on the times until done, around the sync pool. */
function timeVerdict(grid: Grid): string {
  const judged = grid.cells.filter((c) => c.judgement.better !== null);
  if (judged.length === 0)
    return grid.cells.length === 0
      ? 'The grid did not run.'
      : 'Sync and async did not both run: nothing to compare.';
  const pool = grid.syncPool.maxInFlight;
  const is = (better: string) => (c: CrossoverCell) => c.judgement.better === better;
  const byInFlight = (a: CrossoverCell, b: CrossoverCell) => a.inFlight - b.inFlight;
  const under = judged.filter((c) => c.inFlight <= pool);
  const past = judged.filter((c) => c.inFlight > pool).sort(byInFlight);
  const sentences: string[] = [];
  if (under.length) {
    const latencies = [...new Set(judged.map((c) => c.paymentLatencyMs))].sort((a, b) => a - b);
    // rate × latency grows with the rate: a latency's cells under the pool are its lowest rates.
    const upTo = latencies.map((latency) => {
      const rates = under.filter((c) => c.paymentLatencyMs === latency).map((c) => c.rate);
      return { latency, rate: rates.length ? Math.max(...rates) : null };
    });
    const where = `Under the sync pool of ${formatNumber(pool)} (${region(upTo, Math.max(...grid.rates))})`;
    const asyncUnder = under.filter(is('async')).sort(byInFlight);
    const most = Math.max(0, ...asyncUnder.map((c) => c.judgement.factor ?? 0));
    const ahead = `${joinAnd(asyncUnder.map(cellName))}${most ? ` (by up to ${formatFactor(most)})` : ''}`;
    const syncSide = countText(
      under.filter(is('sync')).length,
      under.filter(is('tie')).length,
      under.length,
    );
    sentences.push(
      asyncUnder.length * 2 < under.length
        ? `${where} sync is the better choice: ${syncSide}, and its answer carries the work done, with no broker behind it` +
            (asyncUnder.length
              ? `; async is ahead only at ${ahead}, by the stacks’ own overhead.`
              : '.')
        : `${where} async completion is ahead at ${ahead}: the stacks’ own overhead, as no cell waits for the pool there` +
            (asyncUnder.length < under.length ? `; sync is ${syncSide}.` : '.'),
    );
  }
  if (past.length === 0) {
    sentences.push(
      `No cell passed the sync pool: at most ${formatNumber(Math.max(...judged.map((c) => c.inFlight)))} checkouts in flight (rate × latency).`,
    );
    return sentences.join(' ');
  }
  const asyncPast = past.filter(is('async'));
  const held = past.filter((c) => !is('async')(c)).map(cellName);
  const lead = `Past the pool (from ${formatNumber(past[0]!.inFlight)} checkouts in flight, rate × latency)`;
  if (asyncPast.length === 0) {
    sentences.push(
      `${lead} async completion beats sync in no cell (sync or even at ${joinAnd(held)}).`,
    );
    return sentences.join(' ');
  }
  const notDoneOf = (c: CrossoverCell) =>
    cellFigures(c.runs.filter((r) => r.variant === 'sync'))?.notDone ?? 0;
  // What sync does there: in the first cell async wins, and where sync leaves most undone.
  const worst = [...asyncPast].sort((a, b) => notDoneOf(b) - notDoneOf(a))[0]!;
  const shown = worst === asyncPast[0] ? [worst] : [asyncPast[0]!, worst];
  const share =
    asyncPast.length === past.length
      ? 'in every cell'
      : `in ${asyncPast.length} of ${past.length} cells (sync or even at ${joinAnd(held)})`;
  sentences.push(
    `${lead} async completion beats sync ${share}: ${joinAnd(shown.map((c) => syncThere(c, grid.syncPool)))}.`,
  );
  return sentences.join(' ');
}
