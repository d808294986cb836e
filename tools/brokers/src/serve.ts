/**
 * `nx run brokers:serve`: starts the project's own nats-server, redis-server
 * and card vault (a memory-only redis-server) on the configured ports, prints
 * "brokers ready", and stops them on Ctrl-C or SIGTERM. A broker given by
 * NATS_URL / REDIS_URL / LAB_VAULT_URL is left alone.
 * With LAB_CONTROL_ENABLED=true it serves a control endpoint (loopback,
 * bearer token) through which `nx run loadtest:fault` takes a broker down.
 */
import { ConfigError, loadConfig } from '@lab/config';
import { FaultInjector, startControlServer, type ControlServer } from '@lab/faults';
import { NatsServer } from './nats-server.js';
import { RedisServer } from './redis-server.js';
import { cardVault, natsDataDir, redisDataDir } from './brokers.js';
import type { Broker } from './broker.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const brokers: Broker[] = [];
  if (config.nats.managed) {
    brokers.push(
      new NatsServer({
        host: '127.0.0.1',
        port: config.nats.port,
        monitorPort: config.nats.monitorPort,
        dataDir: natsDataDir(config.dataDir, config.nats.port),
      }),
    );
  } else {
    console.log(`nats: using ${config.nats.urls.join(', ')} (NATS_URL is set; not starting one)`);
  }
  if (config.redis.managed) {
    brokers.push(
      new RedisServer({
        host: '127.0.0.1',
        port: config.redis.port,
        dataDir: redisDataDir(config.dataDir, config.redis.port),
      }),
    );
  } else {
    console.log(
      `redis: using ${config.redis.urls.join(', ')} (REDIS_URL is set; not starting one)`,
    );
  }
  if (config.vault.managed) {
    brokers.push(
      cardVault({ host: '127.0.0.1', port: config.vault.port, parentDir: config.dataDir }),
    );
  } else {
    console.log(
      `vault: using ${config.vault.urls.join(', ')} (LAB_VAULT_URL is set; not starting one)`,
    );
  }

  const injector = new FaultInjector(
    brokers.map((b) => b.faultTarget()),
    { log: (line) => console.log(`control: ${line}`) },
  );
  let control: ControlServer | undefined;
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await control?.close();
    await injector.endAll();
    await Promise.all(brokers.map((b) => b.stop()));
    console.log('brokers stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    await Promise.all(brokers.map((b) => b.start()));
  } catch (error) {
    console.error(`brokers failed to start: ${(error as Error).message}`);
    await stopAll(1);
    return;
  }
  for (const b of brokers)
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

  // A broker that dies on its own is an outage nobody asked for: say so and stop.
  const watch = setInterval(() => {
    const dead = brokers.find((b) => !b.running && !injector.held(b.name));
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
