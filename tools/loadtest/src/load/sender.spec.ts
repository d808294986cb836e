import { createServer, type Server } from 'node:http';
import { execFileSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { schedule } from './pacer.js';
import { PacedSender, type SentAnswer } from './sender.js';

// The sender's thread runs the compiled worker (dist/load/sender-worker.js): this
// project's test target builds first.

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A target that answers each request with its order id once `gate` allows, and counts them. */
async function target(
  gate: () => Promise<void> = () => Promise.resolve(),
): Promise<{ url: string; received: () => number; answered: () => number }> {
  let received = 0;
  let answered = 0;
  const server = createServer((req, res) => {
    const n = received++;
    req.resume();
    req.on('end', () => {
      void gate().then(() => {
        answered++;
        res.setHeader('content-type', 'application/json');
        if (req.method === 'GET') res.end('ok');
        else res.end(JSON.stringify({ orderId: `o-${n}`, status: 'accepted' }));
      });
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    received: () => received,
    answered: () => answered,
  };
}

const checkout = {
  kind: 'checkout',
  mix: { declined: 0.5 },
  seed: 3,
  catalogSize: 10,
} as const;

describe('PacedSender (its own thread)', () => {
  it('sends every request once, on the main clock: intended, sent and answered in order', async () => {
    const t = await target();
    const intended = schedule(200, 0.5);
    const sender = await PacedSender.start({
      url: t.url,
      connections: 16,
      intended,
      request: checkout,
      steadyFromMs: 0,
      steadyToMs: 500,
    });
    // Ahead of the stacks it loads where the OS allows it (root), that thread only.
    if (process.getuid?.() === 0) expect(sender.priority).toBe('real-time (SCHED_FIFO 1)');
    expect(execFileSync('chrt', ['--pid', String(process.pid)]).toString()).toMatch(/SCHED_OTHER/);
    expect(getPriority()).toBe(0);
    const answers: SentAnswer[] = [];
    const received: number[] = [];
    sender.onAnswers = (batch) => {
      const now = performance.now();
      for (const a of batch) {
        answers.push(a);
        received.push(now);
      }
    };
    const t0 = performance.now();
    const lags = await sender.go(t0);
    expect(lags).toHaveLength(intended.length);
    expect([...lags].every((l) => l >= 0)).toBe(true);
    while (sender.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    const result = await sender.finish();

    expect(result.sent).toBe(intended.length);
    expect(result.answered).toBe(intended.length);
    expect(t.received()).toBe(intended.length);
    expect(answers.map((a) => a.index).sort((a, b) => a - b)).toEqual(intended.map((_, i) => i));
    answers.forEach((a, k) => {
      // The worker's times are translated to this thread's performance.now().
      expect(a.intendedAt).toBeCloseTo(t0 + intended[a.index]!, 0);
      expect(a.sentAt).toBeGreaterThanOrEqual(a.intendedAt);
      expect(a.answeredAt).toBeGreaterThan(a.sentAt);
      expect(a.answeredAt).toBeLessThanOrEqual(received[k]! + 0.5);
      expect(a.answer.status).toBe(200);
      expect(a.answer.orderId).toMatch(/^o-\d+$/);
    });
    // Little's law's area: requests were in flight for part of the window, never more than all of them.
    expect(result.inFlightArea).toBeGreaterThan(0);
    expect(result.inFlightArea).toBeLessThan(intended.length * 500);
  });

  it('counts a stall of the target from the intended time (no coordinated omission)', async () => {
    // The target answers nothing until it has every request: the sender must not wait for answers.
    const intended = schedule(100, 0.5);
    let everyRequest!: () => void;
    const allIn = new Promise<void>((r) => (everyRequest = r));
    const t = await target(() => {
      if (t.received() === intended.length) everyRequest();
      return allIn;
    });
    const sender = await PacedSender.start({
      url: t.url,
      connections: 64,
      intended,
      request: { kind: 'get', path: '/livez' },
      steadyFromMs: 0,
      steadyToMs: 500,
    });
    const lags = await sender.go(performance.now());
    expect(lags).toHaveLength(intended.length);
    while (sender.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    const { latency, statuses } = await sender.finish();
    expect(statuses).toEqual({ '200': intended.length });
    // The first request waited for the last to be sent (490 ms later); the median about half of it.
    expect(latency!.max).toBeGreaterThan(480);
    expect(latency!.p50).toBeGreaterThan(200);
  });

  it('is real-time only for schedules it can keep without being busy all the time', async () => {
    const t = await target();
    const sender = await PacedSender.start({
      url: t.url,
      connections: 1,
      intended: schedule(5000, 0.1),
      request: { kind: 'get', path: '/livez' },
      steadyFromMs: 0,
      steadyToMs: 100,
    });
    await sender.terminate();
    if (process.getuid?.() === 0) expect(sender.priority).toBe('nice -10');
  });

  it('leaves the warm-up out of a GET run’s latency', async () => {
    const t = await target();
    const sender = await PacedSender.start({
      url: t.url,
      connections: 8,
      intended: schedule(100, 0.4),
      request: { kind: 'get', path: '/livez' },
      steadyFromMs: 200,
      steadyToMs: 400,
    });
    await sender.go(performance.now());
    while (sender.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    const { latency, statuses, sent } = await sender.finish();
    expect(sent).toBe(40);
    expect(statuses).toEqual({ '200': 40 });
    expect(latency!.count).toBe(20);
  });

  it('fails clearly when the target is not there, and answers status 0', async () => {
    const t = await target();
    await new Promise((r) => servers.pop()!.close(r));
    const sender = await PacedSender.start({
      url: t.url,
      connections: 4,
      intended: [0, 10],
      request: checkout,
      steadyFromMs: 0,
      steadyToMs: 20,
    });
    const answers: SentAnswer[] = [];
    sender.onAnswers = (batch) => answers.push(...batch);
    await sender.go(performance.now());
    while (sender.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    await sender.finish();
    expect(answers.map((a) => a.answer.status)).toEqual([0, 0]);
    expect(answers[0]!.answer.reason).toBe('ECONNREFUSED');
  });
});
