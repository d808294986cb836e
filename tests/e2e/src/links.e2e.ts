import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@lab/brokers';
import { CHECKOUT_STEPS, type OrderStatus } from '@lab/domain';
import { FaultInjector, type LinkFaultRecord } from '@lab/faults';
import {
  checkoutBody,
  post,
  reconcileAll,
  startLab,
  waitForHealthy,
  waitForSettled,
  type Lab,
} from './support.js';

/**
 * Link faults through the proxies the launcher puts on every link
 * (LAB_LINKS=on), against real processes: what a fault does on the wire
 * is what the processes live through, and the promises hold through it.
 */

/** One gRPC call's deadline: short, so a blackhole's end by it is quick to see. */
const DEADLINE_MS = 1500;
/** What a deadline may take beyond itself on a shared two-core machine: the edge's own work. */
const DEADLINE_MARGIN_MS = 1500;
const SETTLE = { LAB_SETTLE_INTERVAL_MS: 100, LAB_SETTLE_RETRY_MS: 300 };

const median = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function expectPromisesKept(lab: Lab, namespace: string) {
  const books = await reconcileAll(lab, namespace);
  expect({
    lost: books.lost,
    duplicateEffects: books.duplicateEffects,
    orphanCharges: books.orphanCharges,
    missingEffects: books.missingEffects,
    leakedReservations: books.leakedReservations,
  }).toEqual({
    lost: 0,
    duplicateEffects: 0,
    orphanCharges: 0,
    missingEffects: 0,
    leakedReservations: 0,
  });
}

describe('sync: link faults between the edge and its services', () => {
  let lab: Lab;
  let faults: FaultInjector;

  beforeAll(async () => {
    lab = await startLab('sync', { LAB_LINKS: 'on', LAB_GRPC_DEADLINE_MS: DEADLINE_MS, ...SETTLE });
    faults = new FaultInjector(lab.stack.faultTargets());
  }, 90_000);
  afterAll(async () => {
    await faults?.endAll();
    await lab?.stop();
  });

  const checkout = async () => {
    const started = performance.now();
    const answer = await post(`${lab.stack.url}/checkout`, checkoutBody());
    return { ...answer, ms: performance.now() - started };
  };

  /** Starts a checkout; resolves with its order id once the order reaches `status`. */
  const checkoutUntil = async (status: OrderStatus) => {
    const before = new Set(await lab.store.ids());
    const answer = post(`${lab.stack.url}/checkout`, checkoutBody());
    answer.catch(() => undefined);
    let orderId: string | undefined;
    await waitUntil(
      async () => {
        orderId ??= (await lab.store.ids()).find((id) => !before.has(id));
        return orderId !== undefined && (await lab.store.get(orderId))?.status === status;
      },
      { timeoutMs: 10_000, intervalMs: 5, what: `the new order to be ${status}` },
    );
    return { orderId: orderId!, answer };
  };

  it('runs every process through its links, which pass every call with no fault', async () => {
    expect(lab.stack.links?.all.map((l) => l.name)).toContain('sync-gateway->sync-payment');
    const answer = await checkout();
    expect(answer.status).toBe(200);
    const gateway = lab.stack.links!.get('sync-gateway->sync-payment')!.counters();
    expect(gateway.bytesUp).toBeGreaterThan(0);
    expect(gateway.bytesDown).toBeGreaterThan(0);
    expect(lab.stack.links!.get('sync-payment->redis')!.counters().bytesUp).toBeGreaterThan(0);
  });

  it('adds its latency once per sequential hop: seven gRPC calls, seven delays', async () => {
    const ADD_MS = 40;
    const PAIRS = 11;
    const hops = CHECKOUT_STEPS.length;
    const timed = async () => {
      const answer = await checkout();
      expect(answer.status).toBe(200);
      return answer.ms;
    };
    await timed(); // warm: connections and JIT
    // Alternated, one checkout with the latency and one without, so the
    // machine's drift (other work on its two cores) falls on both alike.
    const delayed: number[] = [];
    const added: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const fault = await faults.inject({
        target: 'sync-gateway->sync-*',
        kind: 'latency',
        durationMs: 60_000,
        addMs: ADD_MS,
      });
      expect(fault.links).toHaveLength(5);
      try {
        delayed.push(await timed());
      } finally {
        await faults.end(fault.id);
      }
      added.push(delayed.at(-1)! - (await timed()));
    }
    // Every reply waits ADD_MS at least, one after another: a floor no noise goes under.
    expect(Math.min(...delayed)).toBeGreaterThanOrEqual(hops * ADD_MS);
    // The median pair, so one slow checkout on a busy machine does not decide it.
    const perHop = median(added) / hops;
    expect(perHop).toBeGreaterThanOrEqual(ADD_MS * 0.8);
    expect(perHop).toBeLessThanOrEqual(ADD_MS * 1.5);
  });

  it('ends a blackhole by the gRPC deadline: 504 within deadline + margin, then serves again', async () => {
    const fault = await faults.inject({
      target: 'sync-gateway->sync-payment',
      kind: 'blackhole',
      durationMs: 60_000,
    });
    let answer: Awaited<ReturnType<typeof checkout>>;
    try {
      answer = await checkout();
    } finally {
      await faults.end(fault.id);
    }
    expect(answer.status).toBe(504);
    expect(answer.body).toMatchObject({
      error: 'deadline_exceeded',
      message: expect.stringMatching(/ValidatePayment did not answer before its deadline/),
    });
    expect(answer.ms).toBeGreaterThanOrEqual(DEADLINE_MS);
    expect(answer.ms).toBeLessThan(DEADLINE_MS + DEADLINE_MARGIN_MS);
    const ended = (await faults.whenEnded<LinkFaultRecord>(fault.id))!;
    // The request went into the hole; the connection that lost it was reset when it closed.
    expect(ended.counts!.swallowedBytes).toBeGreaterThan(0);
    expect(ended.counts!.resets).toBeGreaterThanOrEqual(1);
    await waitForHealthy(lab.stack.url);
    expect((await checkout()).status).toBe(200);
    await expectPromisesKept(lab, 'sync');
  });

  it('applies a charge whose reply was lost once, and settles its order (confirmed or refunded)', async () => {
    // A charge long enough to lose its reply on purpose: 500 ms (simulated 50 s at time scale 0.01).
    const slow = await faults.inject({
      target: 'sync-payment',
      kind: 'slow',
      durationMs: 60_000,
      steps: ['chargeCard'],
      addMs: 50_000,
    });
    try {
      const { orderId, answer } = await checkoutUntil('reserved');
      const lost = await faults.inject({
        target: 'sync-gateway->sync-payment',
        kind: 'lost-reply',
        durationMs: 2_000,
      });
      const told = await answer;
      const ended = (await faults.whenEnded<LinkFaultRecord>(lost.id))!;
      expect(ended.counts!.lostReplies).toBeGreaterThanOrEqual(1);
      expect([200, 503, 504]).toContain(told.status);
      await waitForSettled(lab, [orderId], 30_000);
      const order = await lab.store.get(orderId);
      const effects = await lab.ledger.countsOf(orderId);
      expect(effects.charge).toBe(1);
      if (order!.status === 'confirmed') expect(effects.refund ?? 0).toBe(0);
      else expect(effects.refund).toBe(1);
      expect(['confirmed', 'failed']).toContain(order!.status);
    } finally {
      await faults.end(slow.id);
    }
    await expectPromisesKept(lab, 'sync');
  });

  it("resets every connection of payment's links, and every order still ends and balances", async () => {
    const before = new Set(await lab.store.ids());
    const send = () => checkout().catch(() => undefined);
    const early = Array.from({ length: 4 }, send);
    const fault = await faults.inject({ target: 'sync-payment', kind: 'reset', durationMs: 1_000 });
    expect(fault.links).toEqual([
      'sync-payment->redis',
      'sync-payment->vault',
      'sync-gateway->sync-payment',
    ]);
    const during = Array.from({ length: 4 }, send);
    const answers = await Promise.all([...early, ...during]);
    expect(answers.every((a) => a !== undefined && [200, 503].includes(a.status))).toBe(true);
    const ended = (await faults.whenEnded<LinkFaultRecord>(fault.id))!;
    expect(ended.counts!.resets).toBeGreaterThan(0);
    const orders = (await lab.store.ids()).filter((id) => !before.has(id));
    expect(orders).toHaveLength(8);
    await waitForSettled(lab, orders, 30_000);
    await expectPromisesKept(lab, 'sync');
    await waitForHealthy(lab.stack.url);
    expect((await checkout()).status).toBe(200);
  });
});

describe('hybrid: payment partitioned from the rest', () => {
  let lab: Lab;
  let faults: FaultInjector;

  beforeAll(async () => {
    lab = await startLab('hybrid', {
      LAB_LINKS: 'on',
      LAB_GRPC_DEADLINE_MS: DEADLINE_MS,
      LAB_TIME_SCALE: 0.05,
      ...SETTLE,
    });
    faults = new FaultInjector(lab.stack.faultTargets());
  }, 90_000);
  afterAll(async () => {
    await faults?.endAll();
    await lab?.stop();
  });

  it('ends every order in a terminal state with all five counts 0, and serves again once healed', async () => {
    const before = new Set(await lab.store.ids());
    const send = () => post(`${lab.stack.url}/checkout`, checkoutBody()).catch(() => undefined);
    const early = Array.from({ length: 4 }, send);
    const fault = await faults.inject({
      target: 'hybrid-payment',
      kind: 'partition',
      durationMs: 3_000,
    });
    expect(fault.links).toEqual([
      'hybrid-payment->redis',
      'hybrid-payment->vault',
      'hybrid-gateway->hybrid-payment',
    ]);
    const during = Array.from({ length: 4 }, send);
    const answers = await Promise.all([...early, ...during]);
    // Those that met the partition were ended by the deadline, not left hanging.
    expect(answers.every((a) => a !== undefined && [200, 503, 504].includes(a.status))).toBe(true);
    const ended = (await faults.whenEnded<LinkFaultRecord>(fault.id))!;
    expect(ended.state).toBe('ended');
    expect(ended.counts!.swallowedBytes).toBeGreaterThan(0);
    const orders = (await lab.store.ids()).filter((id) => !before.has(id));
    expect(orders).toHaveLength(8);
    await waitForSettled(lab, orders, 30_000);
    await expectPromisesKept(lab, 'hybrid');
    await waitForHealthy(lab.stack.url);
    expect((await post(`${lab.stack.url}/checkout`, checkoutBody())).status).toBe(200);
  });
});
