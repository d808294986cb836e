import { describe, expect, it } from 'vitest';
import { BUSINESS_FAILURE_CODES } from '@lab/domain';
import type { TimelinePoint } from '../result/index.js';
import { InFlight, LatencyRecorder, ceilingOf, littlesLaw } from './latency-recorder.js';

const point = (t: number, backlog: number | null): TimelinePoint => ({
  t,
  warmup: t < 1,
  offered: 10,
  achieved: 10,
  completed: 10,
  errors: {},
  inFlight: 0,
  incomplete: 0,
  acceptedP50: 2,
  acceptedP99: 3,
  completedP50: 100,
  completedP99: 200,
  backlog,
});

describe('ceilingOf', () => {
  const at = (t: number, achieved: number, p99: number, errors: Record<string, number> = {}) => ({
    ...point(t, null),
    offered: achieved,
    achieved,
    acceptedP99: p99,
    errors,
  });

  it('is the highest rate kept before the level broke two seconds in a row', () => {
    const timeline = [
      at(0, 50, 5),
      at(1, 100, 8),
      at(2, 150, 120), // alone over the level: not the break
      at(3, 160, 20, { card_declined: 3 }),
      at(4, 200, 140),
      at(5, 260, 150),
      at(6, 300, 9),
    ];
    expect(ceilingOf(timeline, 100, BUSINESS_FAILURE_CODES, 7)).toEqual({
      rate: 160,
      brokeAtS: 4,
      why: 'accepted p99 140 ms > 100 ms at second 4, accepted p99 150 ms > 100 ms at second 5',
      acceptedP99Ms: 100,
      isolated: [2],
    });
    expect(
      ceilingOf(
        [at(1, 80, 5), at(2, 90, 5, { saturated: 4 }), at(3, 95, 5, { saturated: 9 })],
        100,
        BUSINESS_FAILURE_CODES,
        5,
      ).why,
    ).toBe('4 error answers at second 2, 9 error answers at second 3');
    expect(
      ceilingOf([at(1, 80, 5), at(2, 95, 5), at(3, 99, 101)], 100, BUSINESS_FAILURE_CODES, 5),
    ).toEqual({
      rate: 95,
      brokeAtS: null,
      why: 'held to the top of the ramp',
      acceptedP99Ms: 100,
      isolated: [3],
    });
  });

  it('counts orders unfinished by design (a charge settled later) as keeping up', () => {
    const pending = (t: number, n: number) => ({ ...at(t, 300, 5), incomplete: n });
    const timeline = [at(1, 100, 5), pending(2, 590), pending(3, 610), pending(4, 1000)];
    // 2 s of each order unfinished by design: up to 3 s of arrivals (900) keep the level.
    expect(ceilingOf(timeline, 100, BUSINESS_FAILURE_CODES, 6, 2)).toMatchObject({
      rate: 300,
      brokeAtS: null,
      isolated: [4],
    });
    expect(ceilingOf(timeline, 100, BUSINESS_FAILURE_CODES, 6)).toMatchObject({
      rate: 100,
      brokeAtS: 2,
      why: expect.stringContaining('more than a second of arrivals'),
    });
  });

  it('breaks where accepted orders pile up faster than they complete', () => {
    const behind = (t: number, n: number) => ({ ...at(t, 300, 5), incomplete: n });
    expect(
      ceilingOf(
        [at(1, 100, 5), at(2, 200, 5), behind(3, 420), behind(4, 700)],
        100,
        BUSINESS_FAILURE_CODES,
        6,
      ),
    ).toMatchObject({
      rate: 200,
      brokeAtS: 3,
      why: expect.stringContaining('completions fell behind: 420'),
    });
    // A few unfinished orders at a low rate are not falling behind.
    expect(
      ceilingOf(
        [at(1, 10, 5), { ...at(2, 10, 5), incomplete: 15 }, { ...at(3, 10, 5), incomplete: 15 }],
        100,
        BUSINESS_FAILURE_CODES,
        5,
      ),
    ).toMatchObject({ brokeAtS: null });
  });
});

describe('latencies and Little’s law', () => {
  it('summarises latencies with HDR precision and checks Little’s law', () => {
    const r = new LatencyRecorder();
    for (let i = 1; i <= 1000; i++) r.record(i);
    const s = r.summary();
    expect(s.p50).toBeCloseTo(500, -1);
    expect(s.p99).toBeCloseTo(990, -1);
    expect(s.max).toBeCloseTo(1000, -1);
    expect(r.distribution().reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(990);
    expect(littlesLaw(10, 100, 100)).toMatchObject({ predicted: 10, ratio: 1, holds: true });
    expect(littlesLaw(12, 100, 100)?.holds).toBe(false);
  });

  it('integrates the number in flight over the steady window only', () => {
    // Window 100–200 ms: two requests 50–150 and 120–400, one 210–220 outside it.
    const f = new InFlight(100, 200, 0);
    f.change(+1, 50);
    f.change(+1, 120);
    f.change(-1, 150);
    f.change(+1, 210);
    f.change(-1, 220);
    f.change(-1, 400);
    expect(f.count).toBe(0);
    // First: 100–150 (50); second: 120–200 (80).
    expect(f.area).toBe(130);
  });
});
