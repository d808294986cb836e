import type { Redis } from 'ioredis';
import { redisKeys } from '@lab/contracts';

/** Hidden work that a stack does to keep its promises. */
export type CounterName = 'retries' | 'redeliveries' | 'deadLettered';
export const COUNTER_NAMES: readonly CounterName[] = ['retries', 'redeliveries', 'deadLettered'];

/** Counters of hidden work, shared by every process of a stack. */
export class Counters {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    namespace: string,
  ) {
    this.key = redisKeys(namespace).counters;
  }

  async add(name: CounterName, by = 1): Promise<void> {
    await this.redis.hincrby(this.key, name, by);
  }

  async read(): Promise<Record<CounterName, number>> {
    const hash = await this.redis.hgetall(this.key);
    return Object.fromEntries(COUNTER_NAMES.map((n) => [n, Number(hash[n] ?? 0)])) as Record<
      CounterName,
      number
    >;
  }
}
