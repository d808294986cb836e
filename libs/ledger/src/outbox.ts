import type { Redis } from 'ioredis';
import { redisKeys } from '@lab/contracts';
import { currentTraceparent } from '@lab/telemetry';
import type { OutboxEvent } from './order-store.js';
import { LEDGER_OPERATIONS, redisSpan } from './redis-span.js';
import { awaitReplica } from './redis.js';

export interface OutboxEntry extends OutboxEvent {
  /** The Redis stream entry id; its first part is the time it was written, in ms. */
  readonly entryId: string;
  /** The writer's trace context, when it was traced: a republish continues the order's trace. */
  readonly traceparent?: string;
}

/**
 * The transactional outbox of a stack: events written in the same Lua step as
 * the state they announce (see OrderStore), removed once JetStream has acked
 * them. Whatever is still here after a crash or an outage is republished with
 * its original message id, which JetStream deduplicates.
 */
export class Outbox {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.key = redisKeys(namespace).outbox;
  }

  /** An event with no state change to go with it. */
  async add(event: OutboxEvent): Promise<string> {
    const traceparent = currentTraceparent();
    const fields = ['msgId', event.msgId, 'subject', event.subject, 'data', event.data];
    if (traceparent) fields.push('traceparent', traceparent);
    const id = (await redisSpan(LEDGER_OPERATIONS.addToOutbox, () =>
      this.redis.xadd(this.key, '*', ...fields),
    ))!;
    await awaitReplica(this.redis);
    return id;
  }

  /** Entries written at least `minAgeMs` ago, oldest first. */
  async due(minAgeMs: number, count: number, now = Date.now()): Promise<OutboxEntry[]> {
    const entries = await this.redis.xrange(
      this.key,
      '-',
      String(Math.max(0, now - minAgeMs)),
      'COUNT',
      count,
    );
    return entries.map(toEntry);
  }

  async remove(entryId: string): Promise<void> {
    await redisSpan(LEDGER_OPERATIONS.removeFromOutbox, () => this.redis.xdel(this.key, entryId));
  }

  async size(): Promise<number> {
    return this.redis.xlen(this.key);
  }
}

function toEntry([entryId, fields]: [string, string[]]): OutboxEntry {
  const f = new Map<string, string>();
  for (let i = 0; i < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
  return {
    entryId,
    msgId: f.get('msgId') ?? '',
    subject: f.get('subject') ?? '',
    data: f.get('data') ?? '',
    ...(f.get('traceparent') ? { traceparent: f.get('traceparent') } : {}),
  };
}
