/**
 * `nx run brokers:serve`: starts the project's own NATS (one nats-server, or
 * a cluster with LAB_NATS_NODES=3), Redis (one redis-server, or with
 * LAB_REDIS_MODE=sentinel a primary, a replica and three Sentinels) and card
 * vault (a memory-only redis-server) on the configured ports, prints
 * "brokers ready", and stops them on Ctrl-C or SIGTERM. A broker given by
 * NATS_URL / REDIS_URL / LAB_REDIS_SENTINELS / LAB_VAULT_URL is left alone.
 * With LAB_CONTROL_ENABLED=true it serves a control endpoint (loopback,
 * bearer token) through which `nx run loadtest:fault` takes a broker down.
 */
import { ConfigError, loadConfig, SENTINELS, type LabConfig } from '@lab/config';
import {
  FaultInjector,
  startControlServer,
  type ControlServer,
  type FaultTarget,
} from '@lab/faults';
import type { Broker } from './broker.js';
import { cardVault, natsDataDir, redisDataDir } from './brokers.js';
import { NatsCluster } from './nats-cluster.js';
import { NatsServer } from './nats-server.js';
import { RedisFailoverSet } from './redis-failover.js';
import { RedisServer } from './redis-server.js';

/** The whole set's readiness: a Sentinel set takes a few greeting rounds to know itself. */
const SENTINEL_READY_TIMEOUT_MS = 30_000;
const HOST = '127.0.0.1';

/** One thing serve starts: a broker, a cluster or a Sentinel set. */
interface Part {
  readonly members: readonly Broker[];
  start(): Promise<unknown>;
  stop(): Promise<void>;
  faultTargets(): FaultTarget[];
}

const single = (b: Broker): Part => ({
  members: [b],
  start: () => b.start(),
  stop: () => b.stop(),
  faultTargets: () => [b.faultTarget()],
});

function natsPart(config: LabConfig): Part {
  const { port, monitorPort, clusterPort, nodes } = config.nats;
  if (nodes === 1)
    return single(
      new NatsServer({ host: HOST, port, monitorPort, dataDir: natsDataDir(config.dataDir, port) }),
    );
  const cluster = new NatsCluster({
    host: HOST,
    parentDir: config.dataDir,
    nodes: Array.from({ length: nodes }, (_, k) => ({
      port: port + k,
      monitorPort: monitorPort + k,
      clusterPort: clusterPort + k,
    })),
  });
  return {
    members: cluster.nodes,
    start: () => cluster.start(),
    stop: () => cluster.stop(),
    faultTargets: () => cluster.faultTargets(),
  };
}

function redisPart(config: LabConfig): Part {
  const r = config.redis;
  if (r.mode === 'single')
    return single(
      new RedisServer({ host: HOST, port: r.port, dataDir: redisDataDir(config.dataDir, r.port) }),
    );
  const set = new RedisFailoverSet({
    host: HOST,
    primaryPort: r.port,
    replicaPort: r.replicaPort,
    sentinelPorts: Array.from({ length: SENTINELS }, (_, k) => r.sentinelPort + k),
    parentDir: config.dataDir,
    masterName: r.masterName,
    downAfterMs: r.downAfterMs,
    failoverTimeoutMs: r.failoverTimeoutMs,
    readyTimeoutMs: SENTINEL_READY_TIMEOUT_MS,
  });
  return {
    members: [...set.servers, ...set.sentinels],
    start: () => set.start(),
    stop: () => set.stop(),
    faultTargets: () => set.faultTargets(),
  };
}

function parts(config: LabConfig): Part[] {
  const chosen: Part[] = [];
  if (config.nats.managed) chosen.push(natsPart(config));
  else
    console.log(`nats: using ${config.nats.urls.join(', ')} (NATS_URL is set; not starting one)`);
  if (config.redis.managed) chosen.push(redisPart(config));
  else
    console.log(
      config.redis.mode === 'sentinel'
        ? `redis: using the Sentinels ${config.redis.sentinels.join(', ')} (LAB_REDIS_SENTINELS is set; not starting any)`
        : `redis: using ${config.redis.urls.join(', ')} (REDIS_URL is set; not starting one)`,
    );
  if (config.vault.managed)
    chosen.push(
      single(cardVault({ host: HOST, port: config.vault.port, parentDir: config.dataDir })),
    );
  else
    console.log(
      `vault: using ${config.vault.urls.join(', ')} (LAB_VAULT_URL is set; not starting one)`,
    );
  return chosen;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const started = parts(config);
  const members = started.flatMap((p) => p.members);
  const injector = new FaultInjector(
    started.flatMap((p) => p.faultTargets()),
    { log: (line) => console.log(`control: ${line}`) },
  );
  let control: ControlServer | undefined;
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await control?.close();
    await injector.endAll();
    await Promise.all(started.map((p) => p.stop()));
    console.log('brokers stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    await Promise.all(started.map((p) => p.start()));
  } catch (error) {
    console.error(`brokers failed to start: ${(error as Error).message}`);
    await stopAll(1);
    return;
  }
  for (const b of members)
    console.log(`${b.name}: ${b.url} (pid ${b.pid}, data in ${b.options.dataDir})`);
  if (config.control.enabled) {
    control = await startControlServer({
      injector,
      token: config.control.token,
      port: config.control.brokersPort,
      scope: 'brokers',
    });
    console.log(`brokers control endpoint: ${control.url}/control (bearer token)`);
  }
  console.log('brokers ready');

  // A broker that dies on its own is an outage nobody asked for: say so and
  // stop. One a fault holds (by its own name or its role's) is not watched.
  const held = () => injector.list().some((r) => r.state === 'active');
  const watch = setInterval(() => {
    const dead = members.find((b) => !b.running && !injector.held(b.name) && !held());
    if (dead && !stopping) {
      console.error(`${dead.name} exited unexpectedly:\n${dead.output()}`);
      clearInterval(watch);
      void stopAll(1);
    }
  }, 500);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
