/**
 * A scenario's link-fault figures in words, for both printers: what
 * latency on the links cost each variant against its sequential hops, and
 * the charges whose caller never heard, and how they settled.
 */
import type { ScenarioResult } from '../../result/index.js';
import { formatCount, formatMs, formatNumber } from './format.js';
import { isRepeated, variantLabel } from './variant-groups.js';

export interface LinkLatencyRow {
  readonly label: string;
  /** "+5 ± 2 ms on each reply". */
  readonly injected: string;
  readonly hops: string;
  readonly predicted: string;
  readonly accepted: string;
  readonly perHop: string;
  /** The sequential round trips the added latency implies. */
  readonly roundTrips: string;
  readonly completed: string;
  /** "12 before, 40 during". */
  readonly orders: string;
}

const signed = (ms: number | null) => (ms === null ? '–' : `${ms >= 0 ? '+' : ''}${formatMs(ms)}`);

/** Each variant's added latency against its sequential service hops; empty without a latency fault. */
export function linkLatencyRows(scenario: ScenarioResult): LinkLatencyRow[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants
    .filter((r) => r.linkLatency)
    .map((r) => {
      const l = r.linkLatency!;
      return {
        label: variantLabel(r, repeated),
        injected: `+${formatMs(l.addMs)}${l.jitterMs ? ` ± ${formatMs(l.jitterMs)}` : ''} per reply`,
        hops: formatCount(l.hops),
        predicted: signed(l.predictedMs),
        accepted: signed(l.acceptedAddedMs),
        perHop: l.perHopMs === null ? '–' : signed(l.perHopMs),
        roundTrips: l.roundTrips === null ? '–' : formatNumber(l.roundTrips),
        completed: signed(l.completedAddedMs),
        orders: `${formatCount(l.before)} before, ${formatCount(l.during)} during`,
      };
    });
}

export const LINK_LATENCY_CAPTION =
  'Added: the median latency of the orders sent and answered while the latency was on, less that of the orders answered before it. Hops: the calls between services the answer waits for, one after another; alone they would add hops × the delay. Round trips: added ÷ the delay, the calls one after another on every link the answer waits on that the added latency implies: the hops, and the calls to NATS, Redis and the vault each of them makes.';

export interface LostReplyRow {
  readonly label: string;
  readonly repliesLost: string;
  readonly resets: string;
  readonly chargedUnheard: string;
  readonly answeredWithError: string;
  readonly askedAgain: string;
  readonly confirmed: string;
  readonly refunded: string;
  readonly unsettled: string;
  readonly chargedTwice: string;
  /** Something the promise forbids: an order left charged, or charged twice. */
  readonly broken: boolean;
}

/** Each variant's lost replies and the charges behind them; empty without a lost-reply fault. */
export function lostReplyRows(scenario: ScenarioResult): LostReplyRow[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants
    .filter((r) => r.lostReplies)
    .map((r) => {
      const l = r.lostReplies!;
      return {
        label: variantLabel(r, repeated),
        repliesLost: formatCount(l.repliesLost),
        resets: formatCount(l.connectionsReset),
        chargedUnheard: formatCount(l.chargedUnheard),
        answeredWithError: formatCount(l.answeredWithError),
        askedAgain: formatCount(l.askedAgain),
        confirmed: formatCount(l.confirmed),
        refunded: formatCount(l.refunded),
        unsettled: formatCount(l.unsettled),
        chargedTwice: formatCount(l.chargedTwice),
        broken: l.unsettled > 0 || l.chargedTwice > 0,
      };
    });
}

export const LOST_REPLY_CAPTION =
  'Replies lost: dropped by the links (each connection reset with it). Charges never heard of: orders charged while their customer was told the order failed (answered with an error), or whose charge was asked for again after it was made (a gRPC retry, or a redelivery to the payment worker, whose ack was lost): the payment service answers a repeat with the first charge and counts it. Each such order must end confirmed after all, or refunded, and none be charged twice.';
