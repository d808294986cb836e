import { describe, expect, it } from 'vitest';
import { capacityRun, repeatedCapacity } from '../../testing/capacity-run.js';
import { TRANSPORT } from '../../testing/transport-run.js';
import { scenarioNamed } from '../../testing/variations.js';
import {
  capacityBaseline,
  capacityCaption,
  capacityRows,
  transportCaption,
  transportRows,
} from './capacity-text.js';

describe('the capacity table in words', () => {
  it('gives each ramped variant its ceiling, bounds and ratios', () => {
    const [sync, async] = capacityRows(scenarioNamed(capacityRun, 'capacity'));
    // 600 ÷ 1,905/s on the machine = 0.315, below the target; 600 ÷ 1,000/s of the slowest hop = 0.60.
    expect(sync).toEqual({
      label: 'sync',
      ceiling: '600/s',
      why: 'broke: accepted p99 140 ms > 100 ms at second 9; alone over the level at second 4',
      machine: '1,905/s: 1.05 ms CPU per checkout on 2 CPUs',
      machineRatio: '0.32',
      meetsTarget: false,
      bound: '1,000/s: gRPC unary 7,000/s ÷ 7 per checkout',
      hopRatio: '0.60',
      stackCpu: "2 ms, 1.9× the transports'",
      target: 0.5,
    });
    expect(async).toMatchObject({ why: 'held to the top of the ramp', hopRatio: '1.13' });
  });

  it('adds each repeated variant’s median row, the target judged on it', () => {
    const repeated = repeatedCapacity([1200, 600, 0]);
    const sync = repeated.variants[0]!;
    const rows = capacityRows(repeated);
    expect(rows.map((r) => r.label)).toEqual([
      'sync #1',
      'sync #2',
      'sync #3',
      'sync: median of 3',
    ]);
    const rampStart = sync.timeline.find((p) => !p.warmup)!.offered;
    expect(rows[3]).toMatchObject({
      ceiling: '600/s',
      why: `repeats 1,200/s, 600/s, < ${rampStart}/s`,
      machineRatio: '0.32',
      meetsTarget: false,
      hopRatio: '0.60',
      median: true,
    });
    // 1,200 ÷ 1,905/s = 0.63: that repeat alone would have met the target.
    expect(rows[0]).toMatchObject({ machineRatio: '0.63', meetsTarget: true });
    // A run saved before there were summaries: its runs alone.
    const { capacity: _summaries, ...saved } = repeated;
    expect(capacityRows(saved).map((r) => r.label)).toEqual(['sync #1', 'sync #2', 'sync #3']);
  });

  it('puts a ceiling below the ramp’s start when the first ramp seconds already broke', () => {
    const capacity = scenarioNamed(capacityRun, 'capacity');
    const [sync] = capacity.variants;
    const timeline = sync!.timeline.map((p, i) => ({ ...p, warmup: i < 2, offered: 150 + 10 * i }));
    const broken = {
      ...sync!,
      timeline,
      ceiling: { ...sync!.ceiling!, rate: 0, brokeAtS: 2 },
    };
    const [row] = capacityRows({ ...capacity, variants: [broken] });
    // Its ratios are at most the ramp start's: 170 ÷ 1,905/s and 170 ÷ 1,000/s.
    expect(row).toMatchObject({ ceiling: '< 170/s', machineRatio: '< 0.09', hopRatio: '< 0.17' });
    // Against a baseline, no change in per cent (it is not −100 %): the baseline's ceiling.
    const again = scenarioNamed(capacityRun, 'capacity-2-payment');
    const [first] = again.variants;
    const [vs] = capacityRows({
      ...again,
      variants: [{ ...first!, timeline, ceiling: { ...first!.ceiling!, rate: 0, brokeAtS: 2 } }],
    });
    expect(vs).toMatchObject({ ceiling: '< 170/s', vsBaseline: 'vs 600/s' });
  });

  it('compares a scenario with the one it repeats', () => {
    const again = scenarioNamed(capacityRun, 'capacity-2-payment');
    expect(capacityBaseline(again)).toBe('capacity');
    expect(capacityBaseline(scenarioNamed(capacityRun, 'capacity'))).toBeNull();
    expect(capacityRows(again).map((r) => r.vsBaseline)).toEqual(['+10 % (600/s)', '+0 % (900/s)']);
  });

  it('has no rows for a scenario without ceilings', () => {
    expect(capacityRows(scenarioNamed(capacityRun, 'seed-checkout'))).toEqual([]);
  });

  it('says how the table is read, with the level and the target', () => {
    const caption = capacityCaption(scenarioNamed(capacityRun, 'capacity'));
    expect(caption).toContain('(accepted p99 ≤ 100 ms, no outage errors');
    expect(caption).toContain('Ratio = ceiling ÷ that machine bound; the target is ≥ 0.5,');
  });
});

describe('the transport table in words', () => {
  it('gives a row per measure, a dash where only the batch was timed', () => {
    expect(transportRows(TRANSPORT)[0]).toEqual([
      'grpc-js unary call (handler does nothing)',
      '64',
      '14,000',
      '7,000/s',
      '6.9 ms',
      '17.6 ms',
      '0.15 ms',
    ]);
    expect(transportRows(TRANSPORT)[1]!.at(-1)).toBe('–');
  });

  it('lists each variant’s uses per checkout in the caption', () => {
    expect(transportCaption(TRANSPORT)).toMatch(
      / Uses per checkout: sync 7 × gRPC unary; async 3 × JetStream publish, 5 × JetStream consume, 3 × BullMQ add, 3 × BullMQ process; hybrid 4 × gRPC unary, .*\.$/,
    );
    const { usesPerCheckout: _uses, ...alone } = TRANSPORT;
    expect(transportCaption(alone)).not.toContain('Uses per checkout');
  });
});
