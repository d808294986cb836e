import { describe, expect, it } from 'vitest';
import type { Accounting, FaultWindow, TimelinePoint } from '../result/index.js';
import { blipNote, faultBlips } from './fault-blip.js';
import { combinePromises, judgePromises, lossNote } from './promises.js';

const books = (lost: number, missingEffects: number): Accounting => ({
  accepted: 100,
  confirmed: 90,
  failed: 10 - lost,
  failedByReason: {},
  lost,
  duplicateEffects: 0,
  orphanCharges: 0,
  missingEffects,
  leakedReservations: 0,
  retries: 0,
  redeliveries: 0,
  deadLettered: 0,
  effects: {},
  offenders: [],
});

describe('a scenario that measures loss (a Redis failover)', () => {
  it('states the loss with its cause and keeps the promise; without it the same loss breaks it', () => {
    const strict = judgePromises(books(2, 1));
    expect(strict.kept).toBe(false);
    const measured = judgePromises(books(2, 1), 'asynchronous replication');
    expect(measured.kept).toBe(true);
    expect(measured.broken).toEqual([]);
    expect(measured.measured?.counts).toEqual([
      { count: 'lost', value: 2 },
      { count: 'missingEffects', value: 1 },
    ]);
    expect(lossNote('async', measured)).toBe(
      "async LOST: 2 orders accepted and then gone (lost), 1 effects missing from confirmed orders (recorded and then gone, or jobs lost). Cause: asynchronous replication. This is the scenario's finding, not a failure of the lab.",
    );
    expect(lossNote('sync', judgePromises(books(0, 0), 'x'))).toMatch(/^sync: nothing lost/);
    expect(lossNote('sync', strict)).toBeUndefined();
    const both = combinePromises([
      measured,
      judgePromises(books(1, 0), 'asynchronous replication'),
    ]);
    expect(both.kept).toBe(true);
    expect(both.measured?.counts).toEqual([
      { count: 'lost', value: 3 },
      { count: 'missingEffects', value: 1 },
    ]);
  });

  it('does not excuse a run whose reconcile failed', () => {
    expect(judgePromises(null, 'asynchronous replication').kept).toBe(false);
  });
});

describe('the blip of a broker node loss', () => {
  const point = (t: number, errors: Record<string, number>): TimelinePoint => ({
    t,
    warmup: false,
    offered: 10,
    achieved: 10,
    completed: 10,
    errors,
    inFlight: 0,
    incomplete: 0,
    acceptedP50: 1,
    acceptedP99: 1,
    completedP50: 1,
    completedP99: 1,
    backlog: 0,
  });
  const fault = {
    kind: 'crash',
    target: 'nats-leader',
    startS: 3,
    durationS: 4,
    appliedAtS: 3.2,
    endedAtS: 7.2,
    recoveredAtS: 8.1,
    executed: true,
    note: '',
  } as FaultWindow;

  it('counts the errors from the fault to its recovery, business answers left out', () => {
    const timeline = [
      point(2, { unavailable: 5 }),
      point(4, { unavailable: 3, card_declined: 2 }),
      point(5, { timeout: 1 }),
      point(10, { unavailable: 7 }),
    ];
    const [blip] = faultBlips([fault], timeline);
    expect(blip).toEqual({
      target: 'nats-leader',
      errors: 4,
      fromS: 4,
      toS: 5,
      reasons: { unavailable: 3, timeout: 1 },
    });
    expect(blipNote('hybrid', blip!)).toBe(
      'hybrid: 4 customer-visible errors while nats-leader was down, in seconds 4–5 of the run (3 unavailable, 1 timeout).',
    );
    expect(faultBlips([fault], [point(4, { out_of_stock: 2 })])[0]!.errors).toBe(0);
  });
});
