import { describe, expect, it } from 'vitest';
import { capacityRun } from '../testing/capacity-run.js';
import { TRANSPORT } from '../testing/transport-run.js';
import { scenarioNamed } from '../testing/variations.js';
import { CAPACITY_TARGET_RATIO, capacityOf, capacitySummaries } from './capacity.js';

const run = (scenario: string, variant: string) =>
  scenarioNamed(capacityRun, scenario).variants.find((v) => v.variant === variant)!;

describe('capacity', () => {
  it('states a ceiling against the slowest hop and every hop on the machine', () => {
    // sync: 7,000 gRPC calls/s ÷ 7 per checkout = 1,000/s; 600 ÷ 1,000 = 0.6.
    // Every hop on 2 CPUs: 7 × 0.15 ms = 1.05 ms per checkout, 2,000 ÷ 1.05 = 1,905/s.
    const sync = run('capacity', 'sync').capacity!;
    expect(sync.transportBound).toEqual({
      rate: 1000,
      limitedBy: 'grpc-unary',
      primitiveRate: 7000,
      uses: 7,
    });
    expect(sync.ratio).toBeCloseTo(0.6, 9);
    expect(sync).toMatchObject({ target: CAPACITY_TARGET_RATIO, meetsTarget: true, bestRatio: 1 });
    expect(sync.machineBound!.cpuMsPerCheckout).toBeCloseTo(1.05, 9);
    expect(sync.machineBound!.rate).toBeCloseTo(2000 / 1.05, 6);
    // Against the machine bound, the target's: 600 ÷ 1,905/s = 0.315.
    expect(sync.machineRatio).toBeCloseTo(600 / (2000 / 1.05), 9);
    expect(sync.meetsMachineTarget).toBe(false);
    // The fixture's stacks spend 2 s per 1,000 confirmed: 2 ms a checkout, 1.9× the transports'.
    expect(sync.stackCpuMsPerCheckout).toBe(2);
    expect(sync.stackOverTransports).toBeCloseTo(2 / 1.05, 9);
    expect(sync.baseline).toBeUndefined();
  });

  it('finds the slowest hop among the primitives a variant uses', () => {
    // async: JetStream consume 4,000/s ÷ 5 = 800/s; 900 ÷ 800 = 1.125.
    const async = run('capacity', 'async').capacity!;
    expect(async.transportBound).toMatchObject({ rate: 800, limitedBy: 'jetstream-consume' });
    expect(async.ratio).toBeCloseTo(1.125, 9);
  });

  it('says when the machine puts the target out of reach', () => {
    const costly = { ...TRANSPORT, cpuMsPerOp: { ...TRANSPORT.cpuMsPerOp!, 'bullmq-process': 2 } };
    const c = capacityOf(run('capacity', 'async'), costly, undefined)!;
    // 0.09 + 0.25 + 0.15 + 6 = 6.49 ms, 2,000 ÷ 6.49 = 308/s; 308 ÷ 800 = 0.39.
    expect(c.bestRatio).toBeCloseTo(2000 / 6.49 / 800, 9);
    expect(c.targetReachable).toBe(false);
  });

  it('compares a scenario with the one it repeats', () => {
    expect(run('capacity-2-payment', 'sync').capacity!.baseline).toEqual({
      scenario: 'capacity',
      rate: 600,
      change: 0.1,
    });
  });

  it('compares with the baseline’s median ceiling when the baseline repeated', () => {
    const base = scenarioNamed(capacityRun, 'capacity');
    const sync = base.variants.find((v) => v.variant === 'sync')!;
    const repeated = {
      ...base,
      variants: [500, 800, 600].map((rate, i) => ({
        ...sync,
        repeat: i + 1,
        ceiling: { ...sync.ceiling!, rate },
      })),
    };
    // 660/s against the median 600/s, not repeat 1's 500/s.
    expect(capacityOf(run('capacity-2-payment', 'sync'), TRANSPORT, repeated)!.baseline).toEqual({
      scenario: 'capacity',
      rate: 600,
      change: 0.1,
    });
  });

  it('invents no bound without a transport run or its CPU measures', () => {
    const alone = capacityOf(run('capacity', 'sync'), undefined, undefined)!;
    expect(alone).toMatchObject({
      transportBound: null,
      ratio: null,
      meetsTarget: null,
      machineBound: null,
    });
    expect(alone.stackCpuMsPerCheckout).toBe(2);
    const { cpuMsPerOp: _measured, ...unmeasured } = TRANSPORT;
    expect(capacityOf(run('capacity', 'sync'), unmeasured, undefined)).toMatchObject({
      machineBound: null,
      bestRatio: null,
      stackOverTransports: null,
    });
  });

  it('judges each variant on its median ceiling over the repeats, against the machine bound', () => {
    const sync = run('capacity', 'sync');
    const repeats = [700, 1100, 1000].map((rate, i) => ({
      ...sync,
      repeat: i + 1,
      ceiling: { ...sync.ceiling!, rate },
    }));
    const [summary] = capacitySummaries(repeats);
    expect(summary).toMatchObject({
      variant: 'sync',
      ceilings: { values: [700, 1100, 1000], median: 1000, min: 700, max: 1100 },
      target: CAPACITY_TARGET_RATIO,
      meetsTarget: true,
    });
    expect(summary!.machineBound).toBeCloseTo(2000 / 1.05, 6);
    expect(summary!.machineRatio).toBeCloseTo(1000 / (2000 / 1.05), 9);
    // The scenario carries its summaries in report.json.
    expect(scenarioNamed(capacityRun, 'capacity').capacity?.map((c) => c.variant)).toEqual([
      'sync',
      'async',
    ]);
  });

  it('is stated only for a run with a ceiling', () => {
    expect(run('capacity', 'hybrid').capacity).toBeUndefined();
    expect(scenarioNamed(capacityRun, 'seed-checkout').variants.some((v) => v.capacity)).toBe(
      false,
    );
  });
});
