import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultTarget } from '@lab/faults';
import { NatsCluster } from './nats-cluster.js';
import { NatsServer } from './nats-server.js';
import { RedisServer } from './redis-server.js';
import { freePorts } from './net.js';

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
  readonly redis: RedisServer | undefined;
  /** The card vault: nothing of it reaches the disk. Not a target of broker faults. */
  readonly vault: RedisServer | undefined;
  readonly dataDir: string;
  /** Environment that points the lab's config at these brokers. */
  readonly env: Record<string, string>;
  /**
   * What broker faults act on: `nats` and `redis`, and with a cluster each
   * node and the leader of `stream` (`nats-1`…, `nats-leader`).
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

/**
 * Starts nats-server (JetStream), redis-server (AOF) and the card vault
 * (redis-server, memory only) on the given or free ports, each with its own
 * data folder, and waits until all serve clients.
 * Tests use it with no options: isolated brokers on free ports in a temp folder.
 */
export async function startBrokers(options: StartBrokersOptions = {}): Promise<Brokers> {
  const host = options.host ?? '127.0.0.1';
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lab-brokers-'));
  const [p1, p2, p3, p4] = await freePorts(4, host);
  const wantNats = options.nats ?? true;
  const natsNodes = options.natsNodes ?? 1;
  const natsCluster =
    wantNats && natsNodes > 1
      ? await startableCluster(host, natsNodes, dataDir, options)
      : undefined;
  const wantRedis = options.redis ?? true;
  const wantVault = options.vault ?? wantRedis;

  const nats = natsCluster
    ? natsCluster.nodes[0]
    : wantNats
      ? new NatsServer({
          host,
          port: options.natsPort ?? p1!,
          monitorPort: options.natsMonitorPort ?? p2!,
          dataDir: natsDataDir(dataDir, options.natsPort ?? p1!),
          ...(options.onOutput ? { onOutput: (l: string) => options.onOutput!('nats', l) } : {}),
        })
      : undefined;
  const redis = wantRedis
    ? new RedisServer({
        host,
        port: options.redisPort ?? p3!,
        dataDir: redisDataDir(dataDir, options.redisPort ?? p3!),
        ...(options.onOutput ? { onOutput: (l: string) => options.onOutput!('redis', l) } : {}),
      })
    : undefined;
  const vault = wantVault
    ? cardVault({
        host,
        port: options.vaultPort ?? p4!,
        parentDir: dataDir,
        ...(options.onOutput ? { onOutput: (l: string) => options.onOutput!('vault', l) } : {}),
      })
    : undefined;

  const stop = async () => {
    await Promise.all([(natsCluster ?? nats)?.stop(), redis?.stop(), vault?.stop()]);
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
  };
  // Every start settles before any is judged: a broker still starting when
  // another failed would otherwise be left running, stopped by no one.
  const started = await Promise.allSettled([
    (natsCluster ?? nats)?.start(),
    redis?.start(),
    vault?.start(),
  ]);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  const env: Record<string, string> = {};
  if (nats)
    Object.assign(env, {
      NATS_URL: natsCluster ? natsCluster.urls.join(',') : nats.url,
      NATS_PORT: String(nats.port),
      NATS_MONITOR_PORT: String(nats.options.monitorPort),
      LAB_STREAM_REPLICAS: String(natsCluster ? natsCluster.nodes.length : 1),
    });
  if (redis) Object.assign(env, { REDIS_URL: redis.url, REDIS_PORT: String(redis.port) });
  if (vault) Object.assign(env, { LAB_VAULT_URL: vault.url, LAB_VAULT_PORT: String(vault.port) });
  const faultTargets = (stream?: string) => [
    ...(natsCluster ? natsCluster.faultTargets(stream) : nats ? [nats.faultTarget()] : []),
    ...(redis ? [redis.faultTarget()] : []),
  ];
  return { nats, natsCluster, redis, vault, dataDir, env, faultTargets, stop };
}

async function startableCluster(
  host: string,
  nodes: number,
  dataDir: string,
  options: StartBrokersOptions,
): Promise<NatsCluster> {
  const ports = await freePorts(nodes * 3, host);
  return new NatsCluster({
    host,
    parentDir: dataDir,
    nodes: Array.from({ length: nodes }, (_, i) => ({
      port: i === 0 && options.natsPort !== undefined ? options.natsPort : ports[i * 3]!,
      monitorPort:
        i === 0 && options.natsMonitorPort !== undefined
          ? options.natsMonitorPort
          : ports[i * 3 + 1]!,
      clusterPort: ports[i * 3 + 2]!,
    })),
    ...(options.onOutput ? { onOutput: (_node, line) => options.onOutput!('nats', line) } : {}),
  });
}
