/**
 * The set-up every run of scenarios shares: the tool's own brokers (or the
 * addresses of stacks already running), and per variant a stack to drive,
 * with what injects faults into it, samples its brokers' backlog and costs
 * its processes. The suite and the crossover both run on it.
 */
import { startBrokers, type Brokers } from '@lab/brokers';
import { loadConfig, type LabConfig, type RedisEndpoint } from '@lab/config';
import { natsNames } from '@lab/contracts';
import type { Variant } from '@lab/domain';
import { FaultInjector } from '@lab/faults';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startPaymentProvider,
  startStack,
  type RunningProvider,
  type RunningStack,
} from '@lab/launcher';
import { checkTarget } from '../load/edge-client.js';
import { backlogSampler } from '../probes/backlog-sampler.js';
import { providerBacklog } from '../probes/provider-backlog.js';
import { stackProcesses } from '../probes/cost-meter.js';
import type { VariantRun } from '../result/index.js';
import { stackSettings } from '../scenario/stack-settings.js';
import type { Scenario, ScenarioBrokers } from '../scenario/types.js';
import { remoteFaults, type FaultRunner } from './remote-faults.js';
import { runVariant } from './run-variant.js';
import { tracingSettings, type RunTracing } from './trace-run.js';
import type { VariantRunOptions, VariantTarget } from './variant-drive.js';

export interface SessionOptions {
  /**
   * Drive stacks already running (`npx nx run-many -t serve`) at the addresses of
   * the config, instead of starting brokers and stacks; their own settings apply.
   */
  readonly running?: boolean;
  /** Allow targets that are not on this machine. */
  readonly allowRemote?: boolean;
  readonly seed: number;
}

export interface StackSession {
  readonly options: SessionOptions;
  readonly config: LabConfig;
  /** The tool's own brokers; undefined when driving stacks already running. */
  readonly brokers: Brokers | undefined;
  readonly redisUrl: string;
  /** Where Redis is: a URL, or the Sentinels (the tool follows a failover as the stacks do). */
  readonly redisEndpoint: RedisEndpoint;
  readonly natsMonitorUrl: string | undefined;
  /** Every node's, when NATS is a cluster the tool started. */
  readonly natsMonitorUrls?: readonly string[];
  /** Stacks of `nx run-many -t serve` take faults through their control endpoints, if enabled. */
  readonly remote: FaultRunner | undefined;
  /** Why faults cannot reach the running stacks; empty when they can, or the stacks are the tool's. */
  readonly remoteProblem: string;
}

/** One variant's stack, ready to be driven. */
export interface SessionStack {
  readonly variant: Variant;
  /** The stack the tool started; undefined for one already running. */
  readonly stack: RunningStack | undefined;
  readonly target: Omit<VariantTarget, 'backlog'>;
  stop(): Promise<void>;
}

/** Starts the brokers (unless driving running stacks) and reads the config once. */
export async function openSession(options: SessionOptions): Promise<StackSession> {
  const config = loadConfig();
  const brokers = options.running ? undefined : await startBrokers();
  let remote: FaultRunner | undefined;
  let remoteProblem = '';
  if (options.running) {
    try {
      remote = remoteFaults(config);
    } catch (error) {
      remoteProblem = (error as Error).message;
    }
  }
  return {
    options,
    config,
    brokers,
    redisUrl: brokers?.redis?.url ?? config.redis.urls[0]!,
    redisEndpoint: brokers ? endpointOf(brokers) : config.redis,
    natsMonitorUrl: brokers
      ? brokers.nats?.monitorUrl
      : config.nats.managed
        ? `http://127.0.0.1:${config.nats.monitorPort}`
        : undefined,
    remote,
    remoteProblem,
  };
}

function endpointOf(brokers: Brokers): RedisEndpoint {
  const failover = brokers.redisFailover;
  const urls = brokers.redis ? [brokers.redis.url] : [];
  return failover
    ? {
        urls,
        mode: 'sentinel',
        sentinels: failover.sentinelAddresses,
        masterName: failover.options.masterName,
      }
    : { urls };
}

export async function closeSession(session: StackSession): Promise<void> {
  await session.brokers?.stop();
}

/** The session on brokers of its own: the scenario's (a cluster, Sentinels), or a variant's beside others. */
export function sessionOn(session: StackSession, brokers: Brokers): StackSession {
  return {
    ...session,
    brokers,
    redisUrl: brokers.redis!.url,
    redisEndpoint: endpointOf(brokers),
    natsMonitorUrl: brokers.nats?.monitorUrl,
    ...(brokers.natsCluster
      ? { natsMonitorUrls: brokers.natsCluster.nodes.map((n) => n.monitorUrl) }
      : {}),
  };
}

/** The brokers a scenario asks for (a NATS cluster, Redis behind Sentinels), else a plain pair. */
export function startScenarioBrokers(wanted: ScenarioBrokers | undefined): Promise<Brokers> {
  return startBrokers({
    ...(wanted?.natsNodes ? { natsNodes: wanted.natsNodes } : {}),
    ...(wanted?.redisMode ? { redisMode: wanted.redisMode } : {}),
  });
}

/**
 * Runs `work` on brokers of the scenario's own (a NATS cluster, Redis behind
 * Sentinels) when it asks for them and the tool starts its own; otherwise
 * on the session's.
 */
export async function withScenarioBrokers<T>(
  session: StackSession,
  wanted: ScenarioBrokers | undefined,
  work: (session: StackSession) => Promise<T>,
): Promise<T> {
  if (!wanted || !session.brokers) return work(session);
  const brokers = await startScenarioBrokers(wanted);
  try {
    return await work(sessionOn(session, brokers));
  } finally {
    await brokers.stop();
  }
}

/** The running stack of a variant, at the config's address: nothing to start or stop. */
function runningStack(session: StackSession, variant: Variant): SessionStack {
  const { config } = session;
  return {
    variant,
    stack: undefined,
    target: {
      variant,
      url: `http://${config.host}:${config.stacks[variant].gatewayPort}`,
      redisUrl: session.redisUrl,
      redis: session.redisEndpoint,
      namespace: config.stacks[variant].namespace,
      ...(session.remote ? { faults: session.remote } : {}),
      ...(variant !== 'sync' && config.charging.mode === 'webhook'
        ? { providerBacklog: providerBacklog(config.provider.url) }
        : {}),
    },
    stop: async () => undefined,
  };
}

/**
 * A fresh stack of real processes for a variant, with the scenario's
 * profile, time scale and settings (and, traced, exporting its spans to the
 * tool's collector); or, driving running stacks, the one at the config's address.
 */
export async function startSessionStack(
  session: StackSession,
  variant: Variant,
  scenario: Scenario,
  tracing?: RunTracing,
  /** Variants running at once, this one among them. */
  together = 1,
): Promise<SessionStack> {
  const brokers = session.brokers;
  if (!brokers) {
    const running = runningStack(session, variant);
    checkTarget(running.target.url, session.options.allowRemote ?? false);
    return running;
  }
  const settings = {
    ...stackSettings(scenario, session.options.seed),
    ...(tracing ? tracingSettings(tracing) : {}),
  };
  const provider = await providerFor(variant, settings);
  let stack: RunningStack;
  try {
    stack = await startStack(variant, { env: { ...brokers.env, ...provider?.env }, settings });
  } catch (error) {
    await provider?.stop();
    throw error;
  }
  const stopAll = async () => {
    await stack.stop();
    await provider?.stop();
  };
  // Its apps, its links (with LAB_LINKS on) and the brokers.
  const faults = new FaultInjector([
    ...stack.faultTargets(),
    ...brokers.faultTargets(natsNames(variant).stream),
  ]);
  try {
    checkTarget(stack.url, session.options.allowRemote ?? false);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    variant,
    stack,
    target: {
      variant,
      url: stack.url,
      redisUrl: session.redisUrl,
      redis: session.redisEndpoint,
      namespace: variant,
      faults,
      processes: () => stackProcesses(stack, brokers),
      ...(provider ? { providerBacklog: providerBacklog(provider.url) } : {}),
      ...(together > 1 ? { toolShare: together } : {}),
    },
    stop: stopAll,
  };
}

/**
 * The payment provider of a stack charging by webhook (LAB_CHARGING=webhook):
 * a process of its own beside the stack, with a fresh state file removed
 * when it stops. The sync stack always waits on its charges.
 */
async function providerFor(
  variant: Variant,
  settings: Readonly<Record<string, string | number>>,
): Promise<RunningProvider | undefined> {
  if (variant === 'sync' || settings['LAB_CHARGING'] !== 'webhook') return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'lab-provider-'));
  const provider = await startPaymentProvider({ settings, stateFile: join(dir, 'state.json') });
  return {
    ...provider,
    stop: async () => {
      await provider.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one variant's run of a scenario on a stack, its brokers' backlog sampled for the run. */
export async function runOnStack(
  session: StackSession,
  stack: SessionStack,
  scenario: Scenario,
  options: VariantRunOptions,
): Promise<VariantRun> {
  const backlog = backlogSampler({
    namespace: stack.target.namespace,
    natsMonitorUrl: session.natsMonitorUrl,
    ...(session.natsMonitorUrls ? { natsMonitorUrls: session.natsMonitorUrls } : {}),
    redisUrl: session.redisUrl,
    redis: session.redisEndpoint,
    messaging: stack.variant !== 'sync',
  });
  try {
    return await runVariant(scenario, { ...stack.target, backlog: backlog.sample }, options);
  } finally {
    await backlog.close();
  }
}
