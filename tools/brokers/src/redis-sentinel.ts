import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Broker, type BrokerOptions } from './broker.js';
import { ManagedProcess } from './managed-process.js';
import { findBinary } from './net.js';
import { RespError, redisQuery, type RespValue } from './resp.js';

export interface RedisSentinelOptions extends BrokerOptions {
  /** The name it monitors the primary under. */
  readonly masterName: string;
  /** The primary it starts out watching; it follows a failover on its own. */
  readonly primary: { readonly host: string; readonly port: number };
  /** Sentinels that must agree the primary is down before a failover starts. */
  readonly quorum: number;
  /** Unanswered this long, the primary counts as down (Sentinel's down-after-milliseconds). */
  readonly downAfterMs: number;
  /** Sentinel's failover-timeout: how long a failover may take before another is tried. */
  readonly failoverTimeoutMs: number;
}

/** `host:port` of the primary a Sentinel names, or undefined when it names none. */
export function addressOf(reply: RespValue): { host: string; port: number } | undefined {
  if (!Array.isArray(reply) || reply.length < 2) return undefined;
  const [host, port] = reply;
  return typeof host === 'string' && typeof port === 'string'
    ? { host, port: Number(port) }
    : undefined;
}

/**
 * redis-server in Sentinel mode (`redis-server <conf> --sentinel`; there is
 * no redis-sentinel binary on every machine). Its config file lives in its
 * data folder: Sentinel rewrites it with what it learns (the current
 * primary, its peers), so a restarted Sentinel resumes where it was.
 */
export class RedisSentinel extends Broker {
  readonly kind = 'redis';
  protected readonly process: ManagedProcess;

  constructor(override readonly options: RedisSentinelOptions) {
    super(options);
    this.process = new ManagedProcess({
      name: options.name ?? 'redis-sentinel',
      command: findBinary('redis-server', options.binary),
      args: [this.configFile, '--sentinel'],
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
  }

  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  /** host:port, as clients list Sentinels. */
  get address(): string {
    return `${this.host}:${this.port}`;
  }

  get configFile(): string {
    return join(this.options.dataDir, 'sentinel.conf');
  }

  override async start(): Promise<this> {
    mkdirSync(this.options.dataDir, { recursive: true });
    if (!existsSync(this.configFile)) writeFileSync(this.configFile, this.config());
    return super.start();
  }

  private config(): string {
    const o = this.options;
    return [
      `port ${o.port}`,
      `bind ${this.host}`,
      'daemonize no',
      'logfile ""',
      `dir ${o.dataDir}`,
      `sentinel monitor ${o.masterName} ${o.primary.host} ${o.primary.port} ${o.quorum}`,
      `sentinel down-after-milliseconds ${o.masterName} ${o.downAfterMs}`,
      `sentinel failover-timeout ${o.masterName} ${o.failoverTimeoutMs}`,
      `sentinel parallel-syncs ${o.masterName} 1`,
      '',
    ].join('\n');
  }

  /** The primary this Sentinel names now. */
  async primary(): Promise<{ host: string; port: number } | undefined> {
    return addressOf(
      await redisQuery(this.host, this.port, [
        'SENTINEL',
        'get-master-addr-by-name',
        this.options.masterName,
      ]),
    );
  }

  /** How many replicas and other Sentinels it knows of: a failover needs both. */
  async known(): Promise<{ replicas: number; sentinels: number }> {
    const count = async (what: string) => {
      const reply = await redisQuery(this.host, this.port, [
        'SENTINEL',
        what,
        this.options.masterName,
      ]);
      if (reply instanceof RespError) throw reply;
      return Array.isArray(reply) ? reply.length : 0;
    };
    return { replicas: await count('replicas'), sentinels: await count('sentinels') };
  }

  protected async isReady(): Promise<boolean> {
    try {
      return (await redisQuery(this.host, this.port, ['PING'])) === 'PONG';
    } catch {
      return false;
    }
  }
}
