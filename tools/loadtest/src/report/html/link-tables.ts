/**
 * The HTML tables of a scenario's link faults: what latency on the links
 * cost each variant per hop, and the charges whose caller never heard.
 */
import type { ScenarioResult } from '../../result/index.js';
import {
  LINK_LATENCY_CAPTION,
  LOST_REPLY_CAPTION,
  linkLatencyRows,
  lostReplyRows,
} from '../text/link-text.js';
import { escapeHtml } from './escape.js';
import { htmlTable, num } from './table.js';

/** Each variant's added latency against its sequential hops; empty without a latency fault. */
export function linkLatencyTable(scenario: ScenarioResult): string {
  const rows = linkLatencyRows(scenario);
  if (rows.length === 0) return '';
  const table = htmlTable(
    [
      'variant',
      'injected',
      num('sequential hops'),
      num('hops predict'),
      num('accepted added'),
      num('per hop'),
      num('round trips'),
      num('completed added'),
      'orders',
    ],
    rows.map((r) => [
      r.label,
      r.injected,
      num(r.hops),
      num(r.predicted),
      num(r.accepted),
      num(r.perHop),
      num(r.roundTrips),
      num(r.completed),
      r.orders,
    ]),
    { className: 'compact' },
  );
  return `<h3>Latency on the links: what each customer paid</h3>${table}<p class="muted">${escapeHtml(LINK_LATENCY_CAPTION)}</p>`;
}

/** Each variant's lost replies and how the charges behind them settled; empty without a lost-reply fault. */
export function lostReplyTable(scenario: ScenarioResult): string {
  const rows = lostReplyRows(scenario);
  if (rows.length === 0) return '';
  const table = htmlTable(
    [
      'variant',
      num('replies lost'),
      num('connections reset'),
      num('charges never heard of'),
      num('answered with an error'),
      num('asked again'),
      num('confirmed'),
      num('refunded'),
      num('neither'),
      num('charged twice'),
    ],
    rows.map((r) => [
      r.label,
      num(r.repliesLost),
      num(r.resets),
      num(r.chargedUnheard),
      num(r.answeredWithError),
      num(r.askedAgain),
      num(r.confirmed),
      num(r.refunded),
      num(r.unsettled, r.unsettled !== '0' ? 'bad' : ''),
      num(r.chargedTwice, r.chargedTwice !== '0' ? 'bad' : ''),
    ]),
    { className: 'compact' },
  );
  return `<h3>Lost replies: charges the caller never heard of</h3>${table}<p class="muted">${escapeHtml(LOST_REPLY_CAPTION)}</p>`;
}
