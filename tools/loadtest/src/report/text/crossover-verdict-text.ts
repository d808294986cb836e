/**
 * The crossover grid's verdict in one or two sentences, from the numbers the
 * runner stored (analysis/crossover-verdict.ts), told around the sync pool.
 */
import type {
  CrossoverResult,
  CrossoverVerdict,
  PastThePool,
  SyncPastThePool,
  UnderThePool,
} from '../../result/index.js';
import { cellName, notDoneText } from './crossover-cell-text.js';
import { formatFactor, formatMs, formatNumber, formatPercent, formatRate } from './format.js';
import { promisesText } from './promise-text.js';

/** "a, b and c". */
function joinAnd(parts: readonly string[]): string {
  return parts.length <= 1
    ? parts.join('')
    : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** "50 ms", "50 and 500 ms", "50 ms and 3 s", "50–3000 ms": latencies of neighbouring rows. */
function latencyList(latencies: readonly number[]): string {
  const texts = latencies.map(formatMs);
  const unit = (t: string) => t.replace(/^[\d.,]+ /, '');
  const bare = (t: string) => t.replace(/ \S+$/, '');
  const oneUnit = texts.every((t) => unit(t) === unit(texts[0]!));
  if (texts.length > 2) return `${oneUnit ? bare(texts[0]!) : texts[0]}–${texts.at(-1)}`;
  return oneUnit && texts.length === 2 ? `${bare(texts[0]!)} and ${texts[1]}` : joinAnd(texts);
}

/** "up to 200/s, every rate tried, at 50 and 500 ms payment latency and up to 20/s at 3 s". */
function region(under: UnderThePool): string {
  const groups: { latencies: number[]; rate: number | null }[] = [];
  for (const u of under.upTo) {
    const last = groups.at(-1);
    if (last && last.rate === u.rate) last.latencies.push(u.latencyMs);
    else groups.push({ latencies: [u.latencyMs], rate: u.rate });
  }
  return joinAnd(
    groups
      .filter((g) => g.rate !== null)
      .map(
        (g, i) =>
          `up to ${formatRate(g.rate!)}${g.rate === under.maxRate ? ', every rate tried,' : ''} ` +
          `at ${latencyList(g.latencies)}${i === 0 ? ' payment latency' : ''}`,
      ),
  );
}

/** "faster in 4 of 7 cells and even (within 10 %) in 3". */
function countText(under: UnderThePool, tieWithin: number): string {
  const { syncFaster: faster, even, cells: of } = under;
  const share = (n: number) => (n === of ? 'in every cell' : `in ${n} of ${of} cells`);
  const tie = `even (within ${formatPercent(tieWithin)})`;
  if (faster && even) return `faster ${share(faster)} and ${tie} in ${even}`;
  return faster ? `faster ${share(faster)}` : `${tie} ${share(even)}`;
}

/** What sync does in a cell async wins: "at 200/s × 3 s sync answers 503 to 41 % of orders". */
function syncThereText(s: SyncPastThePool, pool: CrossoverResult['syncPool']): string {
  const at = `at ${cellName(s.cell)}`;
  const factor = s.factor === null ? '' : ` ${formatFactor(s.factor)} async's`;
  switch (s.behaviour) {
    case 'saturated':
      return `${at} sync answers 503 to ${formatPercent(s.notDone)} of orders (its pool and its queue of ${formatNumber(pool.maxQueued)} full)`;
    case 'not-done':
      return `${at} sync leaves ${notDoneText(s)}`;
    case 'waits-for-pool':
      return `${at} sync's requests wait for a place in the pool (its p99${factor})`;
    case 'slower':
      return `${at} sync's p99 is${factor || ' above async'}`;
  }
}

function underText(v: CrossoverVerdict, under: UnderThePool, tieWithin: number): string {
  const where = `Under the sync pool of ${formatNumber(v.pool)} (${region(under)})`;
  const by = under.asyncAheadBy ? ` (by up to ${formatFactor(under.asyncAheadBy)})` : '';
  const ahead = `${joinAnd(under.asyncAhead.map(cellName))}${by}`;
  const syncSide = countText(under, tieWithin);
  if (under.better === 'sync')
    return (
      `${where} sync is the better choice: ${syncSide}, and its answer carries the work done, with no broker behind it` +
      (under.asyncAhead.length
        ? `; async is ahead only at ${ahead}, by the stacks’ own overhead.`
        : '.')
    );
  return (
    `${where} async completion is ahead at ${ahead}: the stacks’ own overhead, as no cell waits for the pool there` +
    (under.asyncAhead.length < under.cells ? `; sync is ${syncSide}.` : '.')
  );
}

function pastText(past: PastThePool, pool: CrossoverResult['syncPool']): string {
  const held = joinAnd(past.held.map(cellName));
  const lead = `Past the pool (from ${formatNumber(past.fromInFlight)} checkouts in flight, rate × latency)`;
  if (past.asyncWins === 0)
    return `${lead} async completion beats sync in no cell (sync or even at ${held}).`;
  const share =
    past.asyncWins === past.cells
      ? 'in every cell'
      : `in ${past.asyncWins} of ${past.cells} cells (sync or even at ${held})`;
  return `${lead} async completion beats sync ${share}: ${joinAnd(past.shown.map((s) => syncThereText(s, pool)))}.`;
}

/** The verdict on the times until done, around the sync pool. */
function timeText(x: CrossoverResult): string {
  const v = x.verdict;
  if (v.judged === 0)
    return v.cells === 0
      ? 'The grid did not run.'
      : 'Sync and async did not both run: nothing to compare.';
  const sentences: string[] = [];
  if (v.under) sentences.push(underText(v, v.under, x.rule.tieWithin));
  sentences.push(
    v.past
      ? pastText(v.past, x.syncPool)
      : `No cell passed the sync pool: at most ${formatNumber(v.maxInFlight)} checkouts in flight (rate × latency).`,
  );
  return sentences.join(' ');
}

/** "Promises broken: async at 200/s × 3 s (lost 2); …", or null when every cell kept them. */
function brokenText(v: CrossoverVerdict): string | null {
  if (v.broken.length === 0) return null;
  const each = v.broken.map(
    (b) => `${b.variant} at ${cellName(b.cell)} (${promisesText(b.promises)})`,
  );
  return `Promises broken: ${each.join('; ')}: a cell goes to the variant that kept them.`;
}

/**
 * One or two sentences from the grid: under the pool whether sync is the
 * better choice, past it whether async completion beats sync and what sync
 * does there; then the cells where a variant broke a promise.
 */
export function crossoverVerdictText(x: CrossoverResult): string {
  const broken = brokenText(x.verdict);
  return broken ? `${timeText(x)} ${broken}` : timeText(x);
}

/** "Little's law puts sync's boundary at pool ÷ latency: 66.7/s at 3 s (measured: behind from 100/s, kept up at 50/s)." */
export function boundaryText(v: CrossoverVerdict): string | null {
  if (!v.boundary?.length) return null;
  const each = v.boundary.map((b) => {
    const measured =
      b.measuredRate === null
        ? `kept up at every rate tried${b.heldRate === null ? '' : `, up to ${formatRate(b.heldRate)}`}`
        : `behind from ${formatRate(b.measuredRate)}${b.heldRate === null ? '' : `, kept up at ${formatRate(b.heldRate)}`}`;
    return `${formatRate(b.modelRate)} at ${formatMs(b.latencyMs)} (measured: ${measured})`;
  });
  return `Little's law puts sync's boundary at pool ÷ payment latency: ${joinAnd(each)}.`;
}
