import { describe, expect, it } from 'vitest';
import type { WaterfallPart } from '../../result/index.js';
import { runResult } from '../../testing/run-result.js';
import {
  overheadRows,
  spanLabel,
  sumCheckLine,
  timelineLine,
  timelineSteps,
  tracingCaption,
  waterfallsOf,
} from './tracing-text.js';

const seed = runResult.scenarios[0]!;
const part = (name: string, kind: WaterfallPart['kind'], durationMs: number): WaterfallPart => ({
  name,
  service: 'sync-payment',
  kind,
  startMs: 0,
  durationMs,
});

describe('the words of where the time went', () => {
  it("reads a critical path as the article's steps, the stack's own time summed between them", () => {
    const path = [
      part('POST /checkout', 'processing', 0.5),
      part('redis order.create', 'hop', 1),
      part('simulate validatePayment', 'provider', 200),
      part('Payment/Charge', 'hop', 1.5),
      part('wait async.order.placed', 'queue', 3),
      part('simulate chargeCard', 'provider', 2000),
    ];
    expect(timelineSteps(path).map((s) => [s.label, s.kind, s.durationMs])).toEqual([
      ["the stack's own", 'stack', 1.5],
      ['validatePayment', 'provider', 200],
      ["the stack's own", 'stack', 1.5],
      ['wait: async.order.placed', 'queue', 3],
      ['chargeCard', 'provider', 2000],
    ]);
    expect(timelineLine(path)).toBe(
      "the stack's own 1.5 ms → validatePayment 200 ms → the stack's own 1.5 ms → wait: async.order.placed 3 ms → chargeCard 2 s",
    );
  });

  it('draws a median and a p99 order per traced variant, the sync one in seven steps', () => {
    const drawn = waterfallsOf(seed);
    expect(drawn.map(([v, w]) => `${v.variant} ${w.pick}`)).toEqual([
      'sync p50',
      'sync p99',
      'async p50',
      'async p99',
      'hybrid p50',
      'hybrid p99',
    ]);
    const [, syncMedian] = drawn[0]!;
    expect(
      timelineSteps(syncMedian.path)
        .filter((s) => s.kind === 'provider')
        .map((s) => s.label),
    ).toEqual([
      'validatePayment',
      'checkInventory',
      'reserveItems',
      'chargeCard',
      'sendEmail',
      'updateAnalytics',
      'notifyWarehouse',
    ]);
    expect(sumCheckLine(syncMedian)).toMatch(
      /^parts 3\.6\d s of 3\.6\d s measured \(99\.\d+ %\): within 5 %$/,
    );
  });

  it("names a span as a person reads it: no proto package, no job's one-off token", () => {
    expect(spanLabel('shop.payment.v1.PaymentService/Charge')).toBe('PaymentService/Charge');
    expect(spanLabel('add async-email.0c854e83-8bff-4010-b02a-de5b99914952')).toBe(
      'add async-email',
    );
    expect(spanLabel('redis order.create')).toBe('redis order.create');
  });

  it('gives the overhead per variant, median and spread', () => {
    const rows = overheadRows(seed);
    expect(rows.map((r) => r.variant)).toEqual(['sync', 'async', 'hybrid']);
    expect(rows[1]!.delta).toMatch(/^\+0\.3 ms$/);
    expect(tracingCaption(seed)).toMatch(
      /^Each variant ran 1 time\(s\) more with tracing on \(every order traced\)/,
    );
  });
});
