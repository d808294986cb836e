import { describe, expect, it } from 'vitest';
import { capacityRun } from '../../testing/capacity-run.js';
import { scenarioNamed } from '../../testing/variations.js';
import {
  capacityTable,
  costTable,
  faultRunsTable,
  linkLatencyTable,
  lostReplyTable,
} from './scenario-tables.js';

describe('the tables only some scenarios have', () => {
  it('are left out where a scenario has nothing to put in them', () => {
    const seed = scenarioNamed(capacityRun, 'seed-checkout');
    expect(faultRunsTable(seed)).toBeNull();
    expect(capacityTable(seed)).toBeNull();
    expect(costTable(seed)).toMatch(/^\*\*Cost per 1,000 confirmed orders\*\*/);
    expect(linkLatencyTable(seed)).toBeNull();
    expect(lostReplyTable(seed)).toBeNull();
  });

  it("hold a link fault's figures where a run has them", () => {
    const seed = scenarioNamed(capacityRun, 'seed-checkout');
    const lost = {
      repliesLost: 4,
      connectionsReset: 4,
      chargedUnheard: 3,
      answeredWithError: 2,
      askedAgain: 1,
      confirmed: 1,
      refunded: 2,
      unsettled: 0,
      chargedTwice: 0,
    };
    const table = lostReplyTable({
      ...seed,
      variants: seed.variants.map((r) => ({ ...r, lostReplies: lost })),
    });
    expect(table).toContain('| sync | 4 | 4 | 3 | 2 | 1 | 1 | 2 | 0 | 0 |');
  });

  it('compare a ramp with its baseline in a column of its own', () => {
    expect(capacityTable(scenarioNamed(capacityRun, 'capacity'))).not.toContain(' vs ');
    expect(capacityTable(scenarioNamed(capacityRun, 'capacity-2-payment'))).toContain(
      '| variant | ceiling | vs capacity | where it broke |',
    );
  });

  it('list each variant’s faults as they ran, then how recovery is judged', () => {
    const table = faultRunsTable(scenarioNamed(capacityRun, 'email-outage'))!;
    expect(table.split('\n')[4]).toBe(
      '| sync | crash sync-notification | 8.1 s | 13.1 s | 0.1 s: outage error (dependency_unavailable) | 300 ms | 1.2 s |',
    );
    expect(table).toMatch(/\n\nRecovery: seconds from the end of the fault/);
  });
});
