import type { Redis } from 'ioredis';
import { ConfigError, loadConfig, type LabConfig } from '@lab/config';
import { ALL_STEPS, PROFILES, createLatencyModel, type StepName, type Variant } from '@lab/domain';
import { CardVault, createRedis, redisReady, type RedisRole } from '@lab/ledger';
import { Simulator, type OperationsContext } from '@lab/services';
import { Registry, createLogger, type Logger } from '@lab/telemetry';

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
  /** Waits until Redis (and the vault) take commands (request-path connections do not queue them). */
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
  const logger = createLogger(`${stack}-${service}`, { level: config.logLevel });
  const registry = new Registry();
  const redis = createRedis(config.redis.urls, options.redisRole, `${stack}-${service}`);
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
  const ops: OperationsContext = {
    redis,
    namespace,
    simulator,
    seed: config.simulation.seed,
    declineRate: config.simulation.declineRate,
    ...(vault ? { vault } : {}),
  };

  const steps: (() => Promise<void> | void)[] = [
    () => void redis.disconnect(),
    () => void vaultRedis?.disconnect(),
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
    connect: () =>
      Promise.all([
        redisReady(redis, STARTUP_TIMEOUT_MS),
        vaultRedis &&
          redisReady(vaultRedis, STARTUP_TIMEOUT_MS).catch((error: Error) => {
            throw new Error(`card vault: ${error.message}`);
          }),
      ]).then(
        () => undefined,
        (error: Error) => fail(`${stack}-${service}: ${error.message}`),
      ),
    ready: (detail) => {
      logger.info('ready', { detail });
      console.log(`${stack}-${service} ready: ${detail}`);
    },
  };
}

interface StepFaultMessage {
  readonly type: 'lab.step-fault';
  readonly id: string;
  readonly steps: readonly string[];
  readonly fault: { multiplier?: number; addMs?: number; errorRate?: number } | null;
}

interface MetricsMessage {
  readonly type: 'lab.metrics';
  readonly id: string;
}

const STEP_NAMES = new Set<string>(ALL_STEPS.map((s) => s.name));

/**
 * The `slow` and `errors` faults reach a running service from the process
 * that started it (a stack supervisor or the load tool), over the IPC channel
 * only that parent holds; a person reaches it through the supervisor's control
 * endpoint, which needs the token. An app started any other way has no channel.
 * The parent may also read the process's metrics this way: a gRPC service
 * serves no HTTP, and replicas of one service are told apart by process.
 */
function listenToSupervisor(
  simulator: Simulator,
  registry: Registry,
  logger: Logger,
  orphaned: () => void,
): void {
  process.on('message', (raw: unknown) => {
    const asked = raw as MetricsMessage | null;
    if (asked?.type === 'lab.metrics') {
      process.send!({ id: asked.id, ok: true, metrics: registry.render() });
      return;
    }
    const m = raw as StepFaultMessage;
    if (m?.type !== 'lab.step-fault') return;
    const unknown = m.steps.filter((s) => !STEP_NAMES.has(s));
    if (unknown.length) {
      process.send!({ id: m.id, ok: false, error: `unknown step ${unknown.join(', ')}` });
      return;
    }
    for (const step of m.steps) simulator.setFault(step as StepName, m.fault ?? undefined);
    logger.warn(m.fault ? 'step fault set' : 'step fault cleared', {
      steps: m.steps,
      ...(m.fault ?? {}),
    });
    process.send!({ id: m.id, ok: true });
  });
  // The channel must not keep a stopping process alive; a supervisor that
  // died without stopping its apps leaves them orphaned: they stop too.
  process.channel?.unref();
  process.on('disconnect', orphaned);
}
