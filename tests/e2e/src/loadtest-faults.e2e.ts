/**
 * The fault scenarios of the default suite (quick), run by the load tool
 * against its own real stacks and brokers: the faults really happen, at the
 * planned time, and the books balance afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSuite, type RunResult, type VariantResult } from '@lab/loadtest';

let outage: RunResult;
let asyncFaults: RunResult;
let brokerOutage: RunResult;
const lines: string[] = [];

beforeAll(async () => {
  const common = { quick: true, repeat: 1, seed: 1, catalogSize: 100 } as const;
  outage = await runSuite({
    ...common,
    scenarios: ['email-outage'],
    onFault: (l) => lines.push(l),
  });
  asyncFaults = await runSuite({
    ...common,
    scenarios: ['worker-crash'],
    variants: ['async'],
    onFault: (l) => lines.push(l),
  });
  // Every variant: an outage in the middle of a compensation is where sync and hybrid broke promises.
  brokerOutage = await runSuite({
    ...common,
    scenarios: ['broker-outage'],
    onFault: (l) => lines.push(l),
  });
}, 400_000);

const variantOf = (result: RunResult, scenario: string, name: string): VariantResult =>
  result.scenarios.find((s) => s.name === scenario)!.variants.find((v) => v.variant === name)!;

const BUSINESS = new Set(['card_declined', 'out_of_stock']);

describe('fault scenarios (quick) against real stacks', () => {
  it('applies every fault at its planned second, for its duration, and restarts what it killed', () => {
    for (const result of [outage, asyncFaults, brokerOutage]) {
      for (const s of result.scenarios) {
        for (const v of s.variants) {
          expect(v.faults.length, `${s.name} ${v.variant}`).toBeGreaterThan(0);
          for (const f of v.faults) {
            const what = `${s.name} ${v.variant} ${f.kind} ${f.target}`;
            expect(f.executed, what).toBe(true);
            expect(f.target, what).toMatch(
              f.kind === 'broker-down' ? /^(nats|redis)$/ : new RegExp(`^${v.variant}-`),
            );
            expect(Math.abs(f.appliedAtS! - f.startS), what).toBeLessThan(0.5);
            expect(f.endedAtS! - f.appliedAtS!, what).toBeGreaterThanOrEqual(f.durationS - 0.01);
            expect(f.recoveredAtS!, what).toBeGreaterThan(f.endedAtS!);
          }
        }
      }
    }
    expect(lines.some((l) => /crash of async-notification for 1 s: ended/.test(l))).toBe(true);
  });

  it('email outage: sync orders fail and are refunded; async and hybrid confirm and email later', () => {
    const sync = variantOf(outage, 'email-outage', 'sync');
    const outageFailures = Object.entries(sync.accounting!.failedByReason)
      .filter(([reason]) => !BUSINESS.has(reason))
      .reduce((n, [, count]) => n + count, 0);
    expect(outageFailures).toBeGreaterThan(0);
    expect(sync.accounting!.effects.refund ?? 0).toBeGreaterThan(0);
    expect(sync.accounting!.orphanCharges).toBe(0);

    for (const name of ['async', 'hybrid']) {
      const v = variantOf(outage, 'email-outage', name);
      const a = v.accounting!;
      expect(
        Object.keys(a.failedByReason).every((r) => BUSINESS.has(r)),
        name,
      ).toBe(true);
      expect(a.effects.email, name).toBe(a.confirmed);
      // Orders placed during the outage waited for the restarted worker.
      const fault = v.faults[0]!;
      expect(v.completed.max, name).toBeGreaterThan((fault.endedAtS! - fault.appliedAtS!) * 500);
      const before = Math.max(
        0,
        ...v.timeline.filter((p) => p.t + 1 <= fault.startS).map((p) => p.backlog ?? 0),
      );
      const peak = Math.max(...v.timeline.map((p) => p.backlog ?? 0));
      expect(peak, `${name} backlog grows`).toBeGreaterThan(before);
      expect(v.timeline.at(-1)!.backlog, `${name} backlog drains`).toBe(0);
    }
  });

  it('keeps every promise: all five counts 0 in every scenario and variant, broker outage included', () => {
    for (const result of [outage, asyncFaults, brokerOutage]) {
      for (const s of result.scenarios) {
        for (const v of s.variants) {
          expect(v.drained, `${s.name} ${v.variant} drained`).toBe(true);
          expect(v.accounting, `${s.name} ${v.variant}`).toMatchObject({
            lost: 0,
            duplicateEffects: 0,
            orphanCharges: 0,
            missingEffects: 0,
            leakedReservations: 0,
          });
          expect(v.promises, `${s.name} ${v.variant}`).toMatchObject({ kept: true, broken: [] });
        }
      }
    }
  });

  it('broker outage: NATS then Redis went down; with Redis down the edge answers 503, never a 202 it cannot keep', () => {
    const broker = variantOf(brokerOutage, 'broker-outage', 'async');
    expect(broker.faults.map((f) => f.target)).toEqual(['nats', 'redis']);
    // Redis down: the edge refuses (503) rather than accept what it cannot record.
    expect(broker.statuses['503'] ?? 0).toBeGreaterThan(0);
  });
});
