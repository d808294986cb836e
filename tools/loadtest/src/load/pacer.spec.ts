import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { NAP_MS, OpenLoop, atomicsNap, burstSchedule, openSchedule, schedule } from './pacer.js';
import { rngFor } from '@lab/domain';
import { EdgeClient } from './edge-client.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function target(handler: (answer: () => void) => void): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    handler(() => res.end('{"orderId":"x","status":"accepted"}'));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('schedule', () => {
  it('spaces a fixed rate evenly and ramps linearly', () => {
    expect(schedule(10, 1)).toEqual(
      [0, 100, 200, 300, 400, 500, 600, 700, 800, 900].map((t) => expect.closeTo(t, 6)),
    );
    const ramp = schedule(10, 10, 30);
    expect(ramp.length).toBeGreaterThanOrEqual(199);
    expect(ramp.length).toBeLessThanOrEqual(201);
    const early = ramp.filter((t) => t < 1000).length;
    const late = ramp.filter((t) => t >= 9000).length;
    expect(late).toBeGreaterThan(early * 2);
  });

  it('ends a ramp down that reaches zero before the end, evenly or Poisson (no endless NaN)', () => {
    // 10/s down to 0 over 2 s: 10 arrivals in all, the last before 2 s.
    const even = schedule(10, 2, 0);
    expect(even.length).toBeLessThanOrEqual(10);
    expect(even.every((t) => Number.isFinite(t) && t < 2000)).toBe(true);
    const drawn = schedule(10, 2, 0, rngFor(3, 'ramp-down'));
    expect(drawn.every((t) => Number.isFinite(t) && t < 2000)).toBe(true);
    expect(schedule(10, 2, 5).at(-1)!).toBeLessThan(2000);
  });

  it('warms at a fixed rate first, then ramps over the rest', () => {
    const times = openSchedule({ warmupRate: 10, warmupS: 2, rate: 20, rampTo: 60, durationS: 4 });
    // Warm-up: 10/s for 2 s, evenly spaced.
    expect(times.filter((t) => t < 2000)).toEqual(
      Array.from({ length: 20 }, (_, i) => expect.closeTo(i * 100, 6)),
    );
    // Then the ramp starts at 20/s and climbs to 60/s by the end: 80 requests over its 2 s.
    const ramp = times.filter((t) => t >= 2000);
    expect(ramp[0]).toBe(2000);
    expect(ramp[1]! - ramp[0]!).toBeGreaterThan(45); // about 20/s, already climbing
    expect(ramp[1]! - ramp[0]!).toBeLessThan(50);
    expect(ramp.length).toBeGreaterThanOrEqual(79);
    expect(ramp.length).toBeLessThanOrEqual(81);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Without a warm-up rate, the ramp starts at once.
    expect(openSchedule({ rate: 10, rampTo: 30, durationS: 10, warmupS: 1 })).toEqual(
      schedule(10, 10, 30),
    );
  });
});

describe('arrival processes', () => {
  const gapsOf = (times: readonly number[]) => times.slice(1).map((t, i) => t - times[i]!);
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = (xs: readonly number[]) => {
    const m = mean(xs);
    return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  };
  const w = { rate: 50, durationS: 200, warmupS: 0 };

  it('draws Poisson gaps with the mean 1/λ and the variance 1/λ² of an exponential, the same for the same seed', () => {
    const times = openSchedule(w, { process: 'poisson' }, 7);
    const gaps = gapsOf(times);
    // 10,000 gaps: the sample mean is within 1 % and the variance within 3 % of theory
    // with near certainty; the fixed seed makes the draw (and so the test) the same each run.
    expect(gaps.length).toBeGreaterThan(9500);
    expect(mean(gaps)).toBeGreaterThan(20 * 0.98);
    expect(mean(gaps)).toBeLessThan(20 * 1.02);
    expect(variance(gaps)).toBeGreaterThan(400 * 0.95);
    expect(variance(gaps)).toBeLessThan(400 * 1.05);
    // Evenly spaced gaps have no variance at all: the two processes differ.
    expect(variance(gapsOf(openSchedule(w)))).toBeLessThan(1e-6);
    expect(openSchedule(w, { process: 'poisson' }, 7)).toEqual(times);
    expect(openSchedule(w, { process: 'poisson' }, 8)).not.toEqual(times);
  });

  it('ramps a Poisson rate, and warms up on its own draw', () => {
    const ramp = openSchedule(
      { rate: 10, rampTo: 30, durationS: 100, warmupS: 0 },
      { process: 'poisson' },
      3,
    );
    // Expected 2,000 arrivals (the mean rate 20/s over 100 s); Poisson's spread is ±45.
    expect(ramp.length).toBeGreaterThan(1850);
    expect(ramp.length).toBeLessThan(2150);
    expect(ramp.filter((t) => t >= 90_000).length).toBeGreaterThan(
      ramp.filter((t) => t < 10_000).length * 2,
    );
    const warmed = openSchedule(
      { warmupRate: 5, warmupS: 10, rate: 50, durationS: 20 },
      { process: 'poisson' },
      3,
    );
    expect(warmed).toEqual([...warmed].sort((a, b) => a - b));
    expect(warmed.filter((t) => t < 10_000).length).toBeLessThan(100);
    expect(warmed.filter((t) => t >= 10_000).length).toBeGreaterThan(400);
  });

  it('sends bursts at the on-rate and a trickle at the off-rate', () => {
    const b = { onS: 2, offS: 8, onRate: 100, offRate: 5 };
    const times = burstSchedule(b, 100, rngFor(1, 'test'));
    const on = times.filter((t) => t % 10_000 < 2_000).length;
    const off = times.length - on;
    // 10 periods: 2,000 expected while on, 400 while off.
    expect(on).toBeGreaterThan(1800);
    expect(on).toBeLessThan(2200);
    expect(off).toBeGreaterThan(320);
    expect(off).toBeLessThan(480);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(
      openSchedule({ rate: 1, durationS: 100, warmupS: 0 }, { process: 'bursty', ...b }, 1),
    ).toEqual(burstSchedule(b, 100, rngFor(1, 'arrivals', 'bursts')));
  });
});

describe('OpenLoop', () => {
  it('sends every request in order, never before its intended time, and says how late', async () => {
    // How late is a property of the machine (the report's send lag), not of this test:
    // what must hold anywhere is the order, the intended times, and no early send.
    const intended = schedule(200, 0.5);
    const start = performance.now();
    const sends: { i: number; due: number; at: number }[] = [];
    // The loop's own start, given: a busy machine may delay run() itself.
    const lags = await new OpenLoop(
      intended,
      (i, due) => sends.push({ i, due, at: performance.now() }),
      { start },
    ).run();
    expect(sends.map((x) => x.i)).toEqual(intended.map((_, i) => i));
    for (const x of sends) {
      expect(x.due - start).toBeCloseTo(intended[x.i]!, 0);
      expect(x.at).toBeGreaterThanOrEqual(x.due);
    }
    expect(lags).toHaveLength(intended.length);
    expect(lags.every((l) => l >= 0)).toBe(true);
  });

  it('naps the last stretch before a send in short slices (no spinning), never sending early', async () => {
    const intended = schedule(100, 0.2);
    const naps: number[] = [];
    const nap = atomicsNap();
    const sends: { due: number; at: number }[] = [];
    await new OpenLoop(intended, (_i, due) => sends.push({ due, at: performance.now() }), {
      nap: (ms) => {
        naps.push(ms);
        nap(ms);
      },
    }).run();
    expect(sends).toHaveLength(intended.length);
    for (const x of sends) expect(x.at).toBeGreaterThanOrEqual(x.due);
    // The timer wakes a millisecond early; the rest is napped, NAP_MS at a time.
    expect(naps.length).toBeGreaterThan(0);
    expect(Math.max(...naps)).toBeLessThanOrEqual(NAP_MS);
    expect(Math.min(...naps)).toBeGreaterThan(0);
  });

  it('waits for an alarm instead of timers when given one: begun at the start, rung per send', async () => {
    const intended = [2, 4, 6, 8];
    const start = performance.now();
    const calls: string[] = [];
    const alarm = {
      begin: (at: number) => void calls.push(`begin ${at === start}`),
      // Rings each send at its time or later, never before, as the alarm's thread
      // does (a timer of the event loop may fire a fraction of a millisecond early).
      rung: async (index: number) => {
        calls.push(`rung ${index}`);
        for (;;) {
          const left = start + intended[index]! - performance.now();
          if (left <= 0) return;
          await new Promise((r) => setTimeout(r, left + 1));
        }
      },
    };
    const sends: { due: number; at: number }[] = [];
    await new OpenLoop(intended, (_i, due) => sends.push({ due, at: performance.now() }), {
      start,
      alarm,
    }).run();
    expect(calls[0]).toBe('begin true');
    // Asked for the first send first, then only for sends still to go (a late
    // timer may cover several).
    const rung = calls.slice(1).map((c) => Number(c.split(' ')[1]));
    expect(rung[0]).toBe(0);
    rung.slice(1).forEach((index, k) => expect(index).toBeGreaterThan(rung[k]!));
    expect(sends).toHaveLength(intended.length);
    for (const x of sends) expect(x.at).toBeGreaterThanOrEqual(x.due);
  });

  it('shows a stall of the target in latency from the intended time (no coordinated omission)', async () => {
    // The target answers nothing for 300 ms, then everything at once.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const url = await target((answer) => void gate.then(answer));
    const client = new EdgeClient(url, 64);
    const latencies: number[] = [];
    const started = performance.now();
    const pending: Promise<void>[] = [];
    setTimeout(release, 300);
    await new OpenLoop(schedule(100, 0.5), (i, due) => {
      pending.push(client.checkout('{}').then(() => void latencies.push(performance.now() - due)));
    }).run();
    await Promise.all(pending);
    await client.close();
    latencies.sort((a, b) => a - b);
    // The first request waited the whole stall; the median about half of it.
    expect(latencies.at(-1)!).toBeGreaterThan(250);
    expect(latencies[Math.floor(latencies.length / 2)]!).toBeGreaterThan(20);
    expect(performance.now() - started).toBeGreaterThan(450);
  });
});
