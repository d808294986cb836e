import type { FaultTarget } from '@lab/faults';
import { join } from 'node:path';
import { waitUntil } from './net.js';
import { RedisSentinel } from './redis-sentinel.js';
import { RedisServer } from './redis-server.js';
import { infoFields, redisQuery } from './resp.js';

export interface RedisFailoverOptions {
  readonly host?: string;
  /** The server that starts as the primary. */
  readonly primaryPort: number;
  /** The server that starts as its replica. */
  readonly replicaPort: number;
  /** One port per Sentinel; three, so two agree when one is lost. */
  readonly sentinelPorts: readonly number[];
  readonly parentDir: string;
  readonly masterName: string;
  /** Unanswered this long, the primary counts as down. */
  readonly downAfterMs: number;
  /** How long a failover may take before Sentinel tries another. */
  readonly failoverTimeoutMs: number;
  /** How long the whole set may take to be ready (replica in sync, Sentinels acquainted). */
  readonly readyTimeoutMs: number;
  readonly onOutput?: (name: string, line: string) => void;
}

export function sentinelDataDir(parent: string, port: number): string {
  return join(parent, `sentinel-${port}`);
}

/**
 * A primary, one replica and Sentinels, as production runs Redis for
 * failover. Clients ask the Sentinels for the primary (LAB_REDIS_MODE=sentinel).
 * Replication is asynchronous: a write the primary acknowledged a moment
 * before it died may never have reached the replica that takes over.
 */
export class RedisFailoverSet {
  readonly host: string;
  /** The two data servers: `redis-1` starts as the primary, `redis-2` as its replica. */
  readonly servers: readonly [RedisServer, RedisServer];
  readonly sentinels: readonly RedisSentinel[];

  constructor(readonly options: RedisFailoverOptions) {
    const host = (this.host = options.host ?? '127.0.0.1');
    const output = (name: string) =>
      options.onOutput ? { onOutput: (line: string) => options.onOutput!(name, line) } : {};
    const server = (name: string, port: number, replicaOf?: number) =>
      new RedisServer({
        name,
        host,
        port,
        dataDir: join(options.parentDir, `redis-${port}`),
        ...(replicaOf === undefined ? {} : { replicaOf: { host, port: replicaOf } }),
        ...output(name),
      });
    this.servers = [
      server('redis-1', options.primaryPort),
      server('redis-2', options.replicaPort, options.primaryPort),
    ];
    this.sentinels = options.sentinelPorts.map(
      (port, i) =>
        new RedisSentinel({
          name: `sentinel-${i + 1}`,
          host,
          port,
          dataDir: sentinelDataDir(options.parentDir, port),
          masterName: options.masterName,
          primary: { host, port: options.primaryPort },
          quorum: Math.floor(options.sentinelPorts.length / 2) + 1,
          downAfterMs: options.downAfterMs,
          failoverTimeoutMs: options.failoverTimeoutMs,
          ...output(`sentinel-${i + 1}`),
        }),
    );
  }

  /** host:port of every Sentinel, as clients take them. */
  get sentinelAddresses(): string[] {
    return this.sentinels.map((s) => s.address);
  }

  /**
   * Starts the primary, then the replica and the Sentinels, and waits until
   * a failover could happen: the replica in sync, and every Sentinel knowing
   * the primary, the replica and each other.
   */
  async start(): Promise<this> {
    try {
      await this.servers[0].start();
      await Promise.all([this.servers[1].start(), ...this.sentinels.map((s) => s.start())]);
      await waitUntil(() => this.failoverReady(), {
        timeoutMs: this.options.readyTimeoutMs,
        what: 'the Redis Sentinel set',
      });
    } catch (error) {
      await this.stop();
      throw error;
    }
    return this;
  }

  private async failoverReady(): Promise<boolean> {
    try {
      const primary = await this.primary();
      const replica = this.servers.find((s) => s !== primary)!;
      const link = infoFields(await redisQuery(this.host, replica.port, ['INFO', 'replication']));
      if (link.get('master_link_status') !== 'up') return false;
      const peers = this.sentinels.length - 1;
      const known = await Promise.all(this.sentinels.map((s) => s.known()));
      return known.every((k) => k.replicas >= 1 && k.sentinels >= peers);
    } catch {
      return false;
    }
  }

  /**
   * Sentinels first (a stopping primary must not look like a failure to
   * them), then the primary while its replica still runs: Redis 7 makes a
   * primary that is told to stop wait for its replicas to catch up, for up to
   * its shutdown-timeout when they are gone. Then the rest.
   */
  async stop(): Promise<void> {
    const primary = await this.primary().catch(() => undefined);
    await Promise.all(this.sentinels.map((s) => s.stop()));
    const running = this.servers.filter((s) => s.running);
    const first = running.find((s) => s === primary);
    if (first) await first.stop();
    await Promise.all(running.filter((s) => s !== first).map((s) => s.stop()));
  }

  /** The data server the Sentinels name as the primary now (the majority's answer). */
  async primary(): Promise<RedisServer> {
    const votes = new Map<number, number>();
    for (const sentinel of this.sentinels.filter((s) => s.running)) {
      try {
        const address = await sentinel.primary();
        if (address) votes.set(address.port, (votes.get(address.port) ?? 0) + 1);
      } catch {
        // That Sentinel does not answer; the others decide.
      }
    }
    const port = [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    const server = this.servers.find((s) => s.port === port);
    if (!server) throw new Error('no Sentinel names a primary of the set');
    return server;
  }

  /** Waits until the Sentinels name a primary other than `old` (a failover happened). */
  async waitForFailover(old: RedisServer, timeoutMs: number): Promise<RedisServer> {
    let now: RedisServer | undefined;
    await waitUntil(
      async () => {
        now = await this.primary().catch(() => undefined);
        return now !== undefined && now !== old;
      },
      { timeoutMs, what: `a failover away from ${old.name}` },
    );
    return now!;
  }

  /**
   * Starts a server that was the primary again, as a replica of the primary
   * of the moment: what an operator does with a failed primary that returns.
   * Sentinel would demote it on its own too, but only after it has seen it
   * wrong for a while (many seconds); meanwhile it is a second primary that no
   * Sentinel names, so no client of the lab writes to it.
   */
  async rejoin(server: RedisServer): Promise<void> {
    await server.start();
    const primary = await this.primary();
    if (primary !== server)
      await redisQuery(this.host, server.port, ['REPLICAOF', primary.host, String(primary.port)]);
  }

  /**
   * `redis-primary`: the primary of the moment (killed, or stopped), started
   * again at the fault's end as a replica of the new one (`rejoin`);
   * `redis`: both data servers (broker-outage's Redis down); and each server.
   */
  faultTargets(): FaultTarget[] {
    let chosen: RedisServer | undefined;
    const pick = async () => (chosen = await this.primary());
    const primary: FaultTarget = {
      name: 'redis-primary',
      // Not hang: freezing is immediate, and the primary is found over the network.
      kinds: ['broker-down', 'crash'],
      kill: async () => (await pick()).kill(),
      stop: async () => (await pick()).stop(),
      start: async () => {
        if (chosen) await this.rejoin(chosen);
      },
    };
    const both: FaultTarget = {
      name: 'redis',
      kinds: ['broker-down', 'crash'],
      kill: async () => void (await Promise.all(this.servers.map((s) => s.kill()))),
      stop: async () => void (await Promise.all(this.servers.map((s) => s.stop()))),
      start: async () => void (await Promise.all(this.servers.map((s) => s.start()))),
    };
    return [primary, both, ...this.servers.map((s) => s.faultTarget())];
  }
}
