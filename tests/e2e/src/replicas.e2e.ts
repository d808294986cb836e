import { execFileSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppProcess } from '@lab/launcher';
import {
  ALL_EFFECTS_ONCE,
  checkoutBody,
  post,
  reconcileAll,
  startLab,
  waitForSettled,
  type Lab,
} from './support.js';

const ORDERS = 20;
const KEPT_PROMISES = {
  lost: 0,
  duplicateEffects: 0,
  orphanCharges: 0,
  missingEffects: 0,
  leakedReservations: 0,
};

/** The value of one series in Prometheus text, 0 when the series is absent. */
function sample(metrics: string, series: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** Both payment processes: running, distinct, each on its own port. */
function paymentReplicas(lab: Lab, portVar: string): AppProcess[] {
  const kind = lab.stack.kind;
  const replicas = [lab.stack.app(`${kind}-payment`), lab.stack.app(`${kind}-payment-2`)];
  expect(replicas.map((r) => r.running)).toEqual([true, true]);
  expect(new Set(replicas.map((r) => r.pid)).size).toBe(2);
  expect(new Set(replicas.map((r) => r.spec.env[portVar])).size).toBe(2);
  expect(lab.stack.apps.has(`${kind}-payment-3`)).toBe(false);
  return replicas;
}

/** Checkouts sent at once: in flight together, their calls interleave over the replicas. */
async function checkouts(lab: Lab): Promise<{ statuses: number[]; ids: string[] }> {
  const answers = await Promise.all(
    Array.from({ length: ORDERS }, () => post(`${lab.stack.url}/checkout`, checkoutBody())),
  );
  return {
    statuses: answers.map((a) => a.status),
    ids: answers.map((a) => a.body.orderId as string),
  };
}

describe('two payment replicas, sync stack', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab('sync', { LAB_SYNC_PAYMENT_REPLICAS: 2 });
  }, 60_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('balances the charges over both processes, and charges each order once', async () => {
    const replicas = paymentReplicas(lab, 'LAB_SYNC_PAYMENT_PORT');
    const { statuses, ids } = await checkouts(lab);
    expect(statuses).toEqual(Array(ORDERS).fill(200));

    // Each process counts the calls it served; neither sees the other's. Each
    // serves them on its own metrics port, and to its parent over IPC.
    const charged = 'lab_grpc_server_duration_seconds_count{method="Charge",code="OK"}';
    expect(new Set(replicas.map((r) => r.metricsUrl)).size).toBe(2);
    const charges = await Promise.all(
      replicas.map(async (r) => sample(await (await fetch(r.metricsUrl!)).text(), charged)),
    );
    expect(sample(await replicas[1]!.metrics(), charged)).toBe(charges[1]);
    expect(
      charges.every((n) => n > 0),
      `charges per replica: ${charges.join(', ')}`,
    ).toBe(true);
    expect(charges[0]! + charges[1]!).toBe(ORDERS);

    for (const id of ids) expect(await lab.ledger.countsOf(id)).toEqual(ALL_EFFECTS_ONCE);
    expect(await reconcileAll(lab, 'sync')).toMatchObject({
      accepted: ORDERS,
      confirmed: ORDERS,
      ...KEPT_PROMISES,
    });
  });
});

describe('two payment replicas, async stack', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab('async', {
      LAB_ASYNC_PAYMENT_REPLICAS: 2,
      LAB_BACKGROUND_NICE: 5,
      LAB_BACKGROUND_POLICY: 'idle',
    });
  }, 60_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('runs the workers behind the edge at LAB_BACKGROUND_NICE and SCHED_IDLE, the edge at 0 and normal', () => {
    for (const app of lab.stack.apps.values()) {
      const edge = app.name === 'async-gateway';
      expect(getPriority(app.pid!), app.name).toBe(edge ? 0 : 5);
      const policy = execFileSync('chrt', ['--pid', String(app.pid)]).toString();
      expect(policy, app.name).toMatch(edge ? /SCHED_OTHER/ : /SCHED_IDLE/);
    }
  });

  it('shares the payment consumer between both processes, and charges each order once', async () => {
    const replicas = paymentReplicas(lab, 'LAB_ASYNC_PAYMENT_PORT');
    const { statuses, ids } = await checkouts(lab);
    expect(statuses).toEqual(Array(ORDERS).fill(202));
    await waitForSettled(lab, ids, 15_000);

    // The replica that charges an order publishes its `confirmed` event; each
    // serves its own /metrics on its own health port.
    const confirmedBy = await Promise.all(
      replicas.map(async (r) => {
        const port = r.spec.env.LAB_ASYNC_PAYMENT_PORT!;
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return sample(metrics, 'lab_outbox_published_total{by="writer"}');
      }),
    );
    expect(
      confirmedBy.every((n) => n > 0),
      `confirmed events per replica: ${confirmedBy.join(', ')}`,
    ).toBe(true);

    for (const id of ids) {
      expect((await lab.store.get(id))?.status).toBe('confirmed');
      expect(await lab.ledger.countsOf(id)).toEqual(ALL_EFFECTS_ONCE);
    }
    expect(await reconcileAll(lab, 'async')).toMatchObject({
      accepted: ORDERS,
      confirmed: ORDERS,
      ...KEPT_PROMISES,
    });
  });
});
