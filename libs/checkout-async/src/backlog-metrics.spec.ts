import { describe, expect, it } from 'vitest';
import { Registry } from '@lab/telemetry';
import type { JobQueue, QueueCounts } from '@lab/transport-bullmq';
import type { JetStreamManager } from '@lab/transport-nats';
import { consumerBacklogGauges, queueBacklogGauge } from './backlog-metrics.js';

/** Stands in for a broker that answers with these figures, or never (an outage). */
function jsmAnswering(info: (durable: string) => Promise<object>): JetStreamManager {
  return {
    consumers: { info: (_stream: string, durable: string) => info(durable) },
  } as unknown as JetStreamManager;
}
const never = () => new Promise<never>(() => undefined);

describe('backlog gauges', () => {
  it('show each consumer pending and ack-pending messages, read at the scrape', async () => {
    const registry = new Registry();
    let pending = 7;
    consumerBacklogGauges(registry, {
      jsm: jsmAnswering(async (durable) => ({
        num_pending: durable.endsWith('placed') ? pending : 0,
        num_ack_pending: 2,
        num_redelivered: 0,
      })),
      namespace: 'async',
      service: 'inventory',
      events: ['placed', 'failed'],
      timeoutMs: 1000,
    });
    let text = await registry.render();
    expect(text).toContain(
      'lab_jetstream_consumer_messages{consumer="async-inventory-placed",state="pending"} 7',
    );
    expect(text).toContain(
      'lab_jetstream_consumer_messages{consumer="async-inventory-failed",state="ack_pending"} 2',
    );
    pending = 0;
    text = await registry.render();
    expect(text).toContain(
      'lab_jetstream_consumer_messages{consumer="async-inventory-placed",state="pending"} 0',
    );
  });

  it('show a queue by state, and leave it out when Redis does not answer in time', async () => {
    const registry = new Registry();
    let counts: () => Promise<QueueCounts> = async () => ({
      waiting: 3,
      active: 1,
      delayed: 4,
      failed: 0,
      completed: 99,
    });
    const queue = { counts: () => counts() } as unknown as JobQueue<unknown>;
    queueBacklogGauge(registry, { queue, name: 'async-email', timeoutMs: 50 });
    const text = await registry.render();
    expect(text).toContain('lab_bullmq_jobs{queue="async-email",state="waiting"} 3');
    expect(text).toContain('lab_bullmq_jobs{queue="async-email",state="delayed"} 4');
    expect(text).not.toContain('state="completed"');
    counts = never;
    const started = Date.now();
    const during = await registry.render();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(during).not.toMatch(/^lab_bullmq_jobs\{/m);
    expect(during).toContain('# TYPE lab_bullmq_jobs gauge');
  });

  it('never hold a scrape on a broker that hangs', async () => {
    const registry = new Registry();
    consumerBacklogGauges(registry, {
      jsm: jsmAnswering(never),
      namespace: 'async',
      service: 'payment',
      events: ['reserved'],
      timeoutMs: 50,
    });
    registry.counter('lab_other_total', 'Other.').inc();
    const text = await registry.render();
    expect(text).not.toMatch(/^lab_jetstream_consumer_messages\{/m);
    expect(text).toContain('lab_other_total 1');
  });
});
