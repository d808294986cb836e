import type { Redis } from 'ioredis';
import { ConfigError, loadConfig, type LabConfig } from '@lab/config';
import { PROFILES, createLatencyModel, type Variant } from '@lab/domain';
import { CardVault, createRedis, redisReady, type RedisRole } from '@lab/ledger';
import { ProviderClient, Simulator, type OperationsContext } from '@lab/services';
import {
  Registry,
  createLogger,
  startMetricsServer,
  startTracing,
  type Logger,
} from '@lab/telemetry';
import { metricsPortOf } from './metrics-port.js';
import { listenToSupervisor } from './supervisor-channel.js';

export interface Runtime {
  readonly service: string;
  readonly stack: Variant;
  readonly namespace: string;
  readonly config: LabConfig;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly redis: Redis;
  readonly simulator: Simulator;
  /** The card vault, for the programs bootstrapped with `vault: true` (edges and payment). */
  readonly vault: CardVault | undefined;
  /** What the services' operations need; it holds the vault when there is one. */
  readonly ops: OperationsContext;
  /** Runs at SIGTERM/SIGINT, last registered first, within the shutdown grace. */
  onShutdown(step: () => Promise<void> | void): void;
  /**
   * Waits until Redis (and the vault) take commands (request-path
   * connections do not queue them), and, for a gRPC service, serves its
   * metrics port. Either failing stops the process, saying why.
   */
  connect(): Promise<void>;
  /** Prints the line a launcher waits for, once the process serves. */
  ready(detail: string): void;
}

export interface BootstrapOptions {
  /** The stacks this program can serve; LAB_STACK picks one, the first is the default. */
  readonly stacks: readonly Variant[];
  readonly redisRole: RedisRole;
  /** Connects to the card vault too (the edges tokenize cards, payment redeems them). */
  readonly vault?: boolean;
}

/** A runtime bootstrapped with `vault: true`. */
export interface VaultRuntime extends Runtime {
  readonly vault: CardVault;
}

/** How long a process waits for its brokers at start-up before it gives up. */
const STARTUP_TIMEOUT_MS = 30_000;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/**
 * What every main does first: read and check the config, pick the stack it
 * serves, set up logging, Redis and the simulated world, and arrange a clean
 * stop on SIGTERM. A bad setting stops the process here, with its name.
 */
export function bootstrap(
  service: string,
  options: BootstrapOptions & { readonly vault: true },
): VaultRuntime;
export function bootstrap(service: string, options: BootstrapOptions): Runtime;
export function bootstrap(service: string, options: BootstrapOptions): Runtime {
  let config: LabConfig;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const rawStack = process.env.LAB_STACK ?? options.stacks[0]!;
  const stack = options.stacks.find((s) => s === rawStack);
  if (!stack) {
    fail(
      `invalid configuration:\n  LAB_STACK: ${service} serves ${options.stacks.join(' or ')}, got "${rawStack}"`,
    );
  }
  const namespace = config.stacks[stack].namespace;
  const logger = createLogger(`${stack}-${service}`, {
    level: config.logLevel,
    repeats: { limit: config.logging.repeatLimit, intervalMs: config.logging.repeatIntervalMs },
  });
  // Before any client or server exists, so every span of the process is recorded.
  const tracing = startTracing(config.tracing, { serviceName: `${stack}-${service}` });
  const registry = new Registry({ defaultMetrics: true });
  const redis = createRedis(config.redis, options.redisRole, `${stack}-${service}`);
  const vaultRedis = options.vault
    ? createRedis(config.vault.urls, options.redisRole, `${stack}-${service}-vault`)
    : undefined;
  const vault = vaultRedis ? new CardVault(vaultRedis, config.vault.ttlMs) : undefined;
  const simulator = new Simulator(
    createLatencyModel({
      profile: PROFILES[config.simulation.profile],
      timeScale: config.simulation.timeScale,
      seed: config.simulation.seed,
    }),
  );
  // The sync stack keeps waiting on the charge: it is the baseline.
  const provider =
    config.charging.mode === 'webhook' && stack !== 'sync'
      ? new ProviderClient({
          url: config.provider.url,
          account: namespace,
          requestTimeoutMs: config.provider.requestTimeoutMs,
        })
      : undefined;
  const ops: OperationsContext = {
    redis,
    namespace,
    simulator,
    seed: config.simulation.seed,
    declineRate: config.simulation.declineRate,
    ...(vault ? { vault } : {}),
    ...(provider ? { provider } : {}),
    logger,
  };

  // Run last to first: the spans of the shutdown itself are exported too.
  const steps: (() => Promise<void> | void)[] = [
    () => tracing.shutdown(),
    () => void redis.disconnect(),
    () => void vaultRedis?.disconnect(),
    () => provider?.close(),
  ];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    const force = setTimeout(() => {
      logger.warn('shutdown grace exceeded; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 1000);
    force.unref();
    for (const step of steps.reverse()) {
      try {
        await step();
      } catch (error) {
        logger.warn('shutdown step failed', { err: error });
      }
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (process.send)
    listenToSupervisor(simulator, registry, logger, () => void stop('supervisor gone'));

  return {
    service,
    stack,
    namespace,
    config,
    logger,
    registry,
    redis,
    simulator,
    vault,
    ops,
    onShutdown: (step) => void steps.push(step),
    connect: async () => {
      await Promise.all([
        redisReady(redis, STARTUP_TIMEOUT_MS),
        vaultRedis &&
          redisReady(vaultRedis, STARTUP_TIMEOUT_MS).catch((error: Error) => {
            throw new Error(`card vault: ${error.message}`);
          }),
      ]).catch((error: Error) => fail(`${stack}-${service}: ${error.message}`));
      const metricsPort = metricsPortOf(config, stack, service);
      if (metricsPort === undefined) return;
      const metrics = await startMetricsServer({
        host: config.metrics.host,
        port: metricsPort,
        registry,
        logger,
        limits: config.http,
      }).catch((error: Error) =>
        fail(
          `${stack}-${service}: LAB_${stack.toUpperCase()}_${service.toUpperCase()}_METRICS_PORT (${config.metrics.host}:${metricsPort}): ${error.message}`,
        ),
      );
      // Registered before the service's own steps, so it stops after them:
      // a draining service can still be watched.
      steps.push(() => metrics.close());
    },
    ready: (detail) => {
      logger.info('ready', { detail });
      console.log(`${stack}-${service} ready: ${detail}`);
    },
  };
}
