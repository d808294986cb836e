import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultTarget } from '@lab/faults';
import { NatsCluster } from './nats-cluster.js';
import { NatsServer } from './nats-server.js';
import { RedisFailoverSet } from './redis-failover.js';
import { RedisServer } from './redis-server.js';
import { freePorts } from './net.js';

/** Sentinels started in sentinel mode: three, so two agree when one is lost with the primary. */
const SENTINEL_COUNT = 3;

/** How the Sentinels of a test set judge the primary; `nx run brokers:serve` takes them from config. */
export const SENTINEL_DEFAULTS = {
  /** Unanswered this long, the primary counts as down. */
  downAfterMs: 1_000,
  /** How long one failover may take before another is tried. */
  failoverTimeoutMs: 5_000,
  /** The whole set ready: the replica in sync, the Sentinels acquainted (they greet every 2 s). */
  readyTimeoutMs: 20_000,
} as const;

export interface StartBrokersOptions {
  readonly host?: string;
  /** Ports; any left out is taken from the free ports of the machine. */
  readonly natsPort?: number;
  readonly natsMonitorPort?: number;
  readonly redisPort?: number;
  readonly vaultPort?: number;
  /** Parent data folder; a fresh temporary one (removed on stop) when left out. */
  readonly dataDir?: string;
  readonly nats?: boolean;
  /** nats-server nodes: 1 (the default) a single server, more a cluster with streams replicated on each. */
  readonly natsNodes?: number;
  readonly redis?: boolean;
  /** `sentinel`: a primary, a replica and three Sentinels instead of one redis-server. */
  readonly redisMode?: 'single' | 'sentinel';
  /** The name the Sentinels monitor the primary under (`lab` unless given). */
  readonly redisMasterName?: string;
  /** The card vault (a memory-only redis-server); started with redis unless false. */
  readonly vault?: boolean;
  readonly onOutput?: (broker: 'nats' | 'redis' | 'vault', line: string) => void;
}

/** The project's own brokers, started together, stopped together. */
export interface Brokers {
  /** The single nats-server, or the first node of the cluster. */
  readonly nats: NatsServer | undefined;
  /** Set when NATS runs as a cluster (natsNodes > 1). */
  readonly natsCluster: NatsCluster | undefined;
  /** The single redis-server, or the first primary of the Sentinel set. */
  readonly redis: RedisServer | undefined;
  /** Set in sentinel mode. */
  readonly redisFailover: RedisFailoverSet | undefined;
  /** The card vault: nothing of it reaches the disk. Not a target of broker faults. */
  readonly vault: RedisServer | undefined;
  readonly dataDir: string;
  /** Environment that points the lab's config at these brokers. */
  readonly env: Record<string, string>;
  /**
   * What broker faults act on: `nats` and `redis`; with a cluster each node
   * and the leader of `stream` (`nats-1`…, `nats-leader`); with Sentinels
   * the primary of the moment (`redis-primary`) and each server.
   */
  faultTargets(stream?: string): FaultTarget[];
  stop(): Promise<void>;
}

export function natsDataDir(parent: string, port: number): string {
  return join(parent, `nats-${port}`);
}

export function redisDataDir(parent: string, port: number): string {
  return join(parent, `redis-${port}`);
}

/** The vault's working folder: it stays empty, as the vault never writes. */
export function vaultDataDir(parent: string, port: number): string {
  return join(parent, `vault-${port}`);
}

/**
 * The card vault: a redis-server that keeps nothing on disk (no AOF, no
 * snapshot), named apart from the main one. `parentDir` is the brokers' data folder.
 */
export function cardVault(options: {
  readonly host: string;
  readonly port: number;
  readonly parentDir: string;
  readonly onOutput?: (line: string) => void;
}): RedisServer {
  return new RedisServer({
    host: options.host,
    port: options.port,
    name: 'vault',
    persistence: 'memory',
    dataDir: vaultDataDir(options.parentDir, options.port),
    ...(options.onOutput ? { onOutput: options.onOutput } : {}),
  });
}

type Output = (line: string) => void;
const outputOf = (options: StartBrokersOptions, broker: 'nats' | 'redis' | 'vault') =>
  options.onOutput ? { onOutput: ((l) => options.onOutput!(broker, l)) as Output } : {};

/** The single server, or the cluster and its first node. */
async function natsBrokers(host: string, dataDir: string, options: StartBrokersOptions) {
  const nodes = options.natsNodes ?? 1;
  if (!(options.nats ?? true)) return { nats: undefined, natsCluster: undefined };
  if (nodes > 1) {
    const ports = await freePorts(nodes * 3, host);
    const natsCluster = new NatsCluster({
      host,
      parentDir: dataDir,
      nodes: Array.from({ length: nodes }, (_, i) => ({
        port: (i === 0 ? options.natsPort : undefined) ?? ports[i * 3]!,
        monitorPort: (i === 0 ? options.natsMonitorPort : undefined) ?? ports[i * 3 + 1]!,
        clusterPort: ports[i * 3 + 2]!,
      })),
      ...(options.onOutput ? { onOutput: (_n, line) => options.onOutput!('nats', line) } : {}),
    });
    return { nats: natsCluster.nodes[0], natsCluster };
  }
  const [port, monitorPort] = await freePorts(2, host);
  const p = options.natsPort ?? port!;
  const nats = new NatsServer({
    host,
    port: p,
    monitorPort: options.natsMonitorPort ?? monitorPort!,
    dataDir: natsDataDir(dataDir, p),
    ...outputOf(options, 'nats'),
  });
  return { nats, natsCluster: undefined };
}

/** The single server, or the Sentinel set and its first primary. */
async function redisBrokers(host: string, dataDir: string, options: StartBrokersOptions) {
  if (!(options.redis ?? true)) return { redis: undefined, redisFailover: undefined };
  const [port, replicaPort, ...sentinelPorts] = await freePorts(2 + SENTINEL_COUNT, host);
  const p = options.redisPort ?? port!;
  if (options.redisMode === 'sentinel') {
    const redisFailover = new RedisFailoverSet({
      host,
      primaryPort: p,
      replicaPort: replicaPort!,
      sentinelPorts,
      parentDir: dataDir,
      masterName: options.redisMasterName ?? 'lab',
      ...SENTINEL_DEFAULTS,
      ...(options.onOutput ? { onOutput: (_n, line) => options.onOutput!('redis', line) } : {}),
    });
    return { redis: redisFailover.servers[0], redisFailover };
  }
  const redis = new RedisServer({
    host,
    port: p,
    dataDir: redisDataDir(dataDir, p),
    ...outputOf(options, 'redis'),
  });
  return { redis, redisFailover: undefined };
}

function brokersEnv(b: Omit<Brokers, 'env' | 'faultTargets' | 'stop' | 'dataDir'>) {
  const env: Record<string, string> = {};
  if (b.nats)
    Object.assign(env, {
      NATS_URL: b.natsCluster ? b.natsCluster.urls.join(',') : b.nats.url,
      NATS_PORT: String(b.nats.port),
      NATS_MONITOR_PORT: String(b.nats.options.monitorPort),
      LAB_STREAM_REPLICAS: String(b.natsCluster ? b.natsCluster.nodes.length : 1),
    });
  if (b.redis) Object.assign(env, { REDIS_URL: b.redis.url, REDIS_PORT: String(b.redis.port) });
  if (b.redisFailover)
    Object.assign(env, {
      LAB_REDIS_MODE: 'sentinel',
      LAB_REDIS_SENTINELS: b.redisFailover.sentinelAddresses.join(','),
      LAB_REDIS_MASTER_NAME: b.redisFailover.options.masterName,
    });
  if (b.vault)
    Object.assign(env, { LAB_VAULT_URL: b.vault.url, LAB_VAULT_PORT: String(b.vault.port) });
  return env;
}

/**
 * Starts nats-server (JetStream; or a cluster of them), redis-server (AOF;
 * or a primary, a replica and Sentinels) and the card vault (redis-server,
 * memory only) on the given or free ports, each with its own data folder,
 * and waits until all serve clients.
 * Tests use it with no options: isolated brokers on free ports in a temp folder.
 */
export async function startBrokers(options: StartBrokersOptions = {}): Promise<Brokers> {
  const host = options.host ?? '127.0.0.1';
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lab-brokers-'));
  const { nats, natsCluster } = await natsBrokers(host, dataDir, options);
  const { redis, redisFailover } = await redisBrokers(host, dataDir, options);
  const [vaultPort] = await freePorts(1, host);
  const vault =
    (options.vault ?? options.redis ?? true)
      ? cardVault({
          host,
          port: options.vaultPort ?? vaultPort!,
          parentDir: dataDir,
          ...outputOf(options, 'vault'),
        })
      : undefined;
  const parts = [natsCluster ?? nats, redisFailover ?? redis, vault];

  const stop = async () => {
    await Promise.all(parts.map((b) => b?.stop()));
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };
  // Every start settles before any is judged: a broker still starting when
  // another failed would otherwise be left running, stopped by no one.
  const started = await Promise.allSettled(parts.map((b) => b?.start()));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const env = brokersEnv({ nats, natsCluster, redis, redisFailover, vault });
  const faultTargets = (stream?: string) => [
    ...(natsCluster ? natsCluster.faultTargets(stream) : nats ? [nats.faultTarget()] : []),
    ...(redisFailover ? redisFailover.faultTargets() : redis ? [redis.faultTarget()] : []),
  ];
  return { nats, natsCluster, redis, redisFailover, vault, dataDir, env, faultTargets, stop };
}
