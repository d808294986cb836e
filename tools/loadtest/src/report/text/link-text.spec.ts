import { describe, expect, it } from 'vitest';
import type { ScenarioResult, VariantResult } from '../../result/index.js';
import { runResult } from '../../testing/run-result.js';
import { scenarioNamed } from '../../testing/variations.js';
import { linkLatencyRows, lostReplyRows } from './link-text.js';

const outage = scenarioNamed(runResult, 'email-outage');
const withRuns = (patch: (r: VariantResult) => Partial<VariantResult>): ScenarioResult => ({
  ...outage,
  variants: outage.variants.map((r) => ({ ...r, ...patch(r) })),
});

describe('link faults in words', () => {
  it("gives each variant's added latency against its hops", () => {
    const scenario = withRuns((r) => ({
      linkLatency: {
        addMs: 5,
        jitterMs: 2,
        hops: r.variant === 'sync' ? 7 : r.variant === 'hybrid' ? 4 : 0,
        predictedMs: r.variant === 'sync' ? 35 : r.variant === 'hybrid' ? 20 : 0,
        acceptedAddedMs: r.variant === 'async' ? 6.2 : 41.5,
        completedAddedMs: 60,
        perHopMs: r.variant === 'sync' ? 41.5 / 7 : r.variant === 'hybrid' ? 41.5 / 4 : null,
        roundTrips: r.variant === 'async' ? 1.24 : 8.3,
        before: 20,
        during: 40,
      },
    }));
    expect(
      linkLatencyRows(scenario).map((r) => [r.label, r.hops, r.predicted, r.accepted, r.perHop]),
    ).toEqual([
      ['sync', '7', '+35 ms', '+41.5 ms', '+5.93 ms'],
      ['async', '0', '+0 ms', '+6.2 ms', '–'],
      ['hybrid', '4', '+20 ms', '+41.5 ms', '+10.4 ms'],
    ]);
    expect(linkLatencyRows(scenario)[0]).toMatchObject({
      injected: '+5 ms ± 2 ms per reply',
      roundTrips: '8.3',
      orders: '20 before, 40 during',
    });
    expect(linkLatencyRows(outage)).toEqual([]);
  });

  it('counts the charges whose caller never heard, and marks one left unsettled or charged twice', () => {
    const scenario = withRuns((r) => ({
      lostReplies: {
        repliesLost: 12,
        connectionsReset: 12,
        chargedUnheard: r.variant === 'async' ? 0 : 3,
        answeredWithError: r.variant === 'async' ? 0 : 2,
        askedAgain: r.variant === 'async' ? 0 : 1,
        confirmed: r.variant === 'sync' ? 1 : 0,
        refunded: r.variant === 'async' ? 0 : 2,
        unsettled: r.variant === 'hybrid' ? 1 : 0,
        chargedTwice: 0,
      },
    }));
    expect(
      lostReplyRows(scenario).map((r) => [
        r.label,
        r.chargedUnheard,
        r.answeredWithError,
        r.askedAgain,
        r.refunded,
        r.broken,
      ]),
    ).toEqual([
      ['sync', '3', '2', '1', '2', false],
      ['async', '0', '0', '0', '0', false],
      ['hybrid', '3', '2', '1', '2', true],
    ]);
    expect(lostReplyRows(outage)).toEqual([]);
  });
});
