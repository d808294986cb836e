/**
 * The link scenarios of the default suite (quick), run by the load tool
 * against its own stacks with a proxy on every link: the faults act on the
 * links at their planned second in every variant, the runner's figures of
 * them land in the result, and every promise holds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runSuite, type RunResult, type VariantResult } from '@lab/loadtest';

let result: RunResult;
const lines: string[] = [];

beforeAll(async () => {
  const common = { quick: true, repeat: 1, seed: 1, catalogSize: 100 } as const;
  const onFault = (l: string) => lines.push(l);
  // Lost replies in every variant; latency and the partition are asserted on sync and async
  // (the hybrid's hops are the sync ones before the answer, its messaging the async one's).
  const lost = await runSuite({ ...common, scenarios: ['lost-reply'], onFault });
  const others = await runSuite({
    ...common,
    scenarios: ['network-latency', 'partition'],
    variants: ['sync', 'async'],
    onFault,
  });
  result = { ...lost, scenarios: [...others.scenarios, ...lost.scenarios] };
}, 480_000);

const run = (scenario: string, variant: string): VariantResult =>
  result.scenarios.find((s) => s.name === scenario)!.variants.find((v) => v.variant === variant)!;

describe('link scenarios (quick) against real stacks', () => {
  it("applies each link fault at its planned second, to the links of the variant's own stack", () => {
    for (const s of result.scenarios)
      for (const v of s.variants) {
        const [f] = v.faults;
        const what = `${s.name} ${v.variant}`;
        expect(f?.executed, what).toBe(true);
        expect(Math.abs(f!.appliedAtS! - f!.startS), what).toBeLessThan(0.5);
        expect(f!.endedAtS! - f!.appliedAtS!, what).toBeGreaterThanOrEqual(f!.durationS - 0.01);
        expect(f!.links!.length, what).toBeGreaterThan(0);
        expect(
          f!.links!.every((l) => l.startsWith(`${v.variant}-`)),
          what,
        ).toBe(true);
      }
    expect(lines.some((l) => /^latency of sync for .*\(\+5±2 ms down\): ended/.test(l))).toBe(true);
  });

  it('keeps every promise: all five counts 0 in every link scenario and variant', () => {
    for (const s of result.scenarios)
      for (const v of s.variants) {
        expect(v.drained, `${s.name} ${v.variant} drained`).toBe(true);
        expect(v.promises, `${s.name} ${v.variant}`).toMatchObject({ kept: true, broken: [] });
      }
  });

  it('network-latency: the sync customer pays for each of its seven sequential hops, the async one for none', () => {
    const sync = run('network-latency', 'sync').linkLatency!;
    const async = run('network-latency', 'async').linkLatency!;
    expect(sync).toMatchObject({ addMs: 5, jitterMs: 2, hops: 7, predictedMs: 35 });
    expect(async).toMatchObject({ hops: 0, perHopMs: null });
    // Each of the seven replies waits 5 ± 2 ms: never less than 3 ms each, one after another.
    expect(sync.acceptedAddedMs!).toBeGreaterThanOrEqual(7 * 3);
    expect(sync.acceptedAddedMs!).toBeGreaterThan(async.acceptedAddedMs!);
    expect(sync.during).toBeGreaterThan(0);
  });

  it('lost-reply: replies were lost, and every charge made behind an error settled once', () => {
    for (const variant of ['sync', 'async', 'hybrid']) {
      const lost = run('lost-reply', variant).lostReplies!;
      expect(lost.repliesLost, variant).toBeGreaterThan(0);
      expect(lost.chargedTwice, variant).toBe(0);
      expect(lost.unsettled, variant).toBe(0);
      expect(lost.confirmed + lost.refunded, variant).toBe(lost.chargedUnheard);
      expect(lost.answeredWithError + lost.askedAgain, variant).toBeGreaterThanOrEqual(
        lost.chargedUnheard,
      );
    }
  });

  it('partition: the sync edge tells its customers, the async edge keeps accepting', () => {
    const sync = run('partition', 'sync');
    const async = run('partition', 'async');
    expect((sync.statuses['503'] ?? 0) + (sync.statuses['504'] ?? 0)).toBeGreaterThan(0);
    expect(Object.keys(async.statuses)).toEqual(['202']);
    expect(run('partition', 'async').faults[0]!.linkCounts!.swallowedBytes).toBeGreaterThan(0);
  });
});
