/**
 * Every process of a stack can be scraped over HTTP: the edges on their own
 * port, the gRPC services on their metrics port, the workers on their health
 * port; each with the Node and process metrics Prometheus users expect, and
 * the lab's own. The Grafana dashboard in docs/ asks only for metrics that a
 * running stack serves.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, type Brokers } from '@lab/brokers';
import { findWorkspaceRoot } from '@lab/config';
import { startStack, type RunningStack } from '@lab/launcher';
import { checkoutBody, post } from './support.js';

let brokers: Brokers;
let sync: RunningStack;
let async_: RunningStack;

beforeAll(async () => {
  brokers = await startBrokers();
  const options = { env: brokers.env, settings: { LAB_TIME_SCALE: 0.01 } };
  [sync, async_] = await Promise.all([startStack('sync', options), startStack('async', options)]);
}, 120_000);
afterAll(async () => {
  await Promise.all([sync?.stop(), async_?.stop()]);
  await brokers?.stop();
}, 60_000);

async function scrape(
  url: string | undefined,
): Promise<{ status: number; type: string; text: string }> {
  expect(url).toBeDefined();
  const res = await fetch(url!, { signal: AbortSignal.timeout(5000) });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

/** The value of one series, or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const NODE_METRICS = ['process_cpu_seconds_total', 'nodejs_eventloop_lag_seconds'];

describe('metrics of every process', () => {
  it("serves a gRPC service's metrics on its own port, with Node's and the lab's", async () => {
    const answer = await post(`${sync.url}/checkout`, checkoutBody());
    expect(answer.status).toBe(200);
    const payment = sync.app('sync-payment');
    expect(payment.metricsUrl).toBe(
      `http://127.0.0.1:${sync.env.LAB_SYNC_PAYMENT_METRICS_PORT}/metrics`,
    );
    const { status, type, text } = await scrape(payment.metricsUrl);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of NODE_METRICS) expect(sample(text, name), name).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(text).toMatch(/^# TYPE nodejs_heap_size_used_bytes gauge$/m);
    expect(text).toMatch(/^# TYPE nodejs_gc_duration_seconds histogram$/m);
    for (const method of ['ValidatePayment', 'Charge'])
      expect(
        sample(text, `lab_grpc_server_duration_seconds_count{method="${method}",code="OK"}`),
        method,
      ).toBeGreaterThanOrEqual(1);
  });

  it("serves a worker's metrics on its health port, its queue backlog among them", async () => {
    const notification = async_.app('async-notification');
    const port = async_.env.LAB_ASYNC_NOTIFICATION_PORT;
    expect(notification.metricsUrl).toBe(`http://127.0.0.1:${port}/metrics`);
    await scrape(notification.metricsUrl);
    const { status, text } = await scrape(notification.metricsUrl);
    expect(status).toBe(200);
    for (const name of NODE_METRICS) expect(sample(text, name), name).toBeGreaterThanOrEqual(0);
    // The scrape before this one was counted by the worker's own HTTP metrics.
    expect(
      sample(text, 'lab_http_requests_total{method="GET",route="/metrics",status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    const consumer = 'async-notification-confirmed';
    for (const state of ['pending', 'ack_pending'])
      expect(
        sample(text, `lab_jetstream_consumer_messages{consumer="${consumer}",state="${state}"}`),
        state,
      ).toBeGreaterThanOrEqual(0);
    for (const state of ['waiting', 'active', 'delayed', 'failed'])
      expect(sample(text, `lab_bullmq_jobs{queue="async-email",state="${state}"}`), state).toBe(0);
  });

  it('can scrape every process of both stacks', async () => {
    for (const stack of [sync, async_]) {
      expect(stack.apps.size).toBe(6);
      for (const app of stack.apps.values()) {
        const { status, text } = await scrape(app.metricsUrl);
        expect(status, app.name).toBe(200);
        expect(sample(text, 'process_cpu_seconds_total'), app.name).toBeGreaterThan(0);
      }
    }
  });

  it('answers only GET /metrics on a metrics port, and keeps serving after a bad request', async () => {
    const url = sync.app('sync-inventory').metricsUrl!;
    const other = await fetch(url.replace('/metrics', '/healthz'));
    expect(other.status).toBe(404);
    expect(await other.text()).toContain('GET /metrics');
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
    expect((await scrape(url)).status).toBe(200);
  });

  it('serves every metric the Grafana dashboard asks for', async () => {
    const dashboard = JSON.parse(
      readFileSync(join(findWorkspaceRoot(), 'docs', 'grafana-dashboard.json'), 'utf8'),
    ) as { panels: { title: string; targets: { expr: string }[] }[] };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    const asked = new Set(
      exprs.flatMap((e) => [...e.matchAll(/\b((?:lab|nodejs|process)_\w+)\b/g)].map((m) => m[1]!)),
    );
    expect(asked.size).toBeGreaterThanOrEqual(7);
    // The hybrid stack runs the same programs as these two: their metrics are its.
    const served = (
      await Promise.all(
        [...sync.apps.values(), ...async_.apps.values()].map(
          async (app) => (await scrape(app.metricsUrl)).text,
        ),
      )
    ).join('\n');
    for (const name of asked) {
      const base = name.replace(/_(bucket|count|sum)$/, '');
      expect(served, name).toMatch(new RegExp(`^# TYPE (${name}|${base}) `, 'm'));
    }
  });
});
