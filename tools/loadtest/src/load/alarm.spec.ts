import { describe, expect, it } from 'vitest';
import { Alarm } from './alarm.js';
import { OpenLoop, atomicsNap, schedule } from './pacer.js';

// The alarm's thread runs the compiled worker (dist/load/alarm-worker.js): this
// project's test target builds first.

describe('Alarm (its own thread)', () => {
  it('rings for each send of the schedule, in order, never before it is due', async () => {
    const intended = [5, 10, 30, 31, 60];
    const alarm = await Alarm.start(intended);
    const start = performance.now();
    alarm.begin(start);
    const rungAt: number[] = [];
    for (let i = 0; i < intended.length; i++) {
      await alarm.rung(i);
      rungAt.push(performance.now() - start);
    }
    await alarm.stop();
    rungAt.forEach((at, i) => expect(at).toBeGreaterThanOrEqual(intended[i]!));
    expect(rungAt).toEqual([...rungAt].sort((a, b) => a - b));
  });

  it('has rung already for a send whose time has passed, and stops before its schedule ends', async () => {
    const alarm = await Alarm.start([0, 1, 2, 60_000]);
    alarm.begin(performance.now() - 10);
    // All three are long due: one ring covers them.
    await alarm.rung(2);
    const stopping = performance.now();
    await alarm.stop();
    // The thread was napping toward the last send, a minute away: stop() ends the nap.
    expect(performance.now() - stopping).toBeLessThan(5000);
  });

  it('paces an open loop: every request once, in order, none early, with one wake-up a send', async () => {
    const intended = schedule(200, 0.5);
    const alarm = await Alarm.start(intended);
    const sends: { i: number; due: number; at: number }[] = [];
    const naps: number[] = [];
    const nap = atomicsNap();
    const lags = await new OpenLoop(
      intended,
      (i, due) => sends.push({ i, due, at: performance.now() }),
      {
        alarm,
        nap: (ms) => {
          naps.push(ms);
          nap(ms);
        },
      },
    ).run();
    await alarm.stop();
    expect(sends.map((x) => x.i)).toEqual(intended.map((_, i) => i));
    for (const x of sends) expect(x.at).toBeGreaterThanOrEqual(x.due);
    expect(lags).toHaveLength(intended.length);
    // Sends 5 ms apart: the alarm waits for them, not a nap per 50 µs (a hundred a send).
    expect(naps.length).toBeLessThan(intended.length);
  });
});
