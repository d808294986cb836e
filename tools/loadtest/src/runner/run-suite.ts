import { cpus, totalmem, type, release } from 'node:os';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startBrokers, findBinary, type Brokers } from '@lab/brokers';
import { loadConfig } from '@lab/config';
import type { Variant } from '@lab/domain';
import { startStack } from '@lab/launcher';
import { backlogSampler } from '../probes/backlog-sampler.js';
import { checkTarget } from '../load/edge-client.js';
import type { RunResult, ScenarioResult, TransportResult, VariantResult } from '../result/index.js';
import { runTransportBenchmark } from '../bench/transport-benchmark.js';
import { TRANSPORT_SECONDS } from '../cli/transport-command.js';
import { runVariant } from './run-variant.js';
import { stackProcesses } from '../probes/cost-meter.js';
import { runCrossover } from './run-crossover.js';
import { FaultInjector } from '@lab/faults';
import { envelope, remoteFaults, type FaultRunner } from './fault-timeline.js';
import { repeatsOf, selectScenarios, type Selection } from '../scenario/select.js';
import type { Scenario } from '../scenario/types.js';
import { stackSettings } from '../scenario/stack-settings.js';
import { scenarioResult } from './scenario-result.js';

export interface SuiteOptions extends Selection {
  readonly seed: number;
  readonly catalogSize: number;
  /**
   * Drive stacks already running (`npx nx run-many -t serve`) at the addresses of
   * the config, instead of starting brokers and stacks; their own settings apply.
   */
  readonly running?: boolean;
  /** Allow targets that are not on this machine. */
  readonly allowRemote?: boolean;
  readonly onProgress?: (line: string) => void;
  /** A line per fault that ran, saying when it took effect and ended. */
  readonly onFault?: (line: string) => void;
}

function version(bin: string, args: string[]): string {
  try {
    return execFileSync(findBinary(bin), args, { encoding: 'utf8' }).trim().split('\n')[0]!;
  } catch {
    return 'unknown';
  }
}

/**
 * Runs scenarios one after another on the same brokers: for each, every
 * variant on a fresh stack of real processes (the scenario's profile and
 * time scale), the same workload and seed, alternated when repeated.
 */
export async function runSuite(options: SuiteOptions): Promise<RunResult> {
  const scenarios = selectScenarios(options);
  const startedAt = new Date();
  const runId = `${startedAt.toISOString().replace(/[:.]/g, '-').replace(/Z$/, '')}-${randomBytes(2).toString('hex')}`;
  const config = loadConfig();
  const brokers: Brokers | undefined = options.running ? undefined : await startBrokers();
  const redisUrl = brokers?.redis?.url ?? config.redis.urls[0]!;
  const natsMonitorUrl = brokers
    ? brokers.nats?.monitorUrl
    : config.nats.managed
      ? `http://127.0.0.1:${config.nats.monitorPort}`
      : undefined;
  const results: ScenarioResult[] = [];
  let endedBecause = 'completed';
  let transport: TransportResult | undefined;
  // Stacks of `nx run-many -t serve` take faults through their control endpoints, if enabled.
  let remote: FaultRunner | undefined;
  let remoteProblem = '';
  if (options.running) {
    try {
      remote = remoteFaults(config);
    } catch (error) {
      remoteProblem = (error as Error).message;
    }
  }
  try {
    // A capacity ceiling is stated against the transports' own, measured here on the same brokers.
    if (brokers?.nats && brokers.redis && scenarios.some((s) => s.ceiling)) {
      transport = await runTransportBenchmark({
        natsUrl: brokers.nats.url,
        redisUrl: brokers.redis.url,
        brokerPids: [brokers.nats.pid, brokers.redis.pid],
        seconds: options.quick ? TRANSPORT_SECONDS.quick : TRANSPORT_SECONDS.full,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    }
    for (const scenario of scenarios) {
      if (scenario.crossover) {
        results.push(
          await runCrossover(
            scenario,
            { brokers, redisUrl, natsMonitorUrl, config },
            {
              seed: options.seed,
              catalogSize: options.catalogSize,
              repeat: repeatsOf(scenario, options),
              ...(options.onProgress ? { onProgress: options.onProgress } : {}),
            },
          ),
        );
        continue;
      }
      const variants: VariantResult[] = [];
      for (let repeat = 1; repeat <= repeatsOf(scenario, options); repeat++) {
        for (const variant of scenario.variants) {
          const stack = brokers
            ? await startStack(variant, {
                env: brokers.env,
                settings: stackSettings(scenario, options.seed),
              })
            : {
                url: `http://${config.host}:${config.stacks[variant].gatewayPort}`,
                apps: new Map(),
                stop: async () => undefined,
              };
          const faults: FaultRunner | undefined = brokers
            ? new FaultInjector([
                ...[...stack.apps.values()].map((a) => a.faultTarget()),
                ...[brokers.nats, brokers.redis].flatMap((b) => (b ? [b.faultTarget()] : [])),
              ])
            : remote;
          checkTarget(stack.url, options.allowRemote ?? false);
          const namespace = brokers ? variant : config.stacks[variant].namespace;
          const backlog = backlogSampler({
            namespace,
            natsMonitorUrl,
            redisUrl,
            messaging: variant !== 'sync',
          });
          try {
            variants.push(
              await runVariant(
                scenario,
                {
                  variant,
                  url: stack.url,
                  redisUrl,
                  namespace,
                  backlog: backlog.sample,
                  ...(faults ? { faults } : {}),
                  ...(brokers ? { processes: () => stackProcesses(stack, brokers) } : {}),
                },
                {
                  seed: options.seed,
                  catalogSize: options.catalogSize,
                  repeat,
                  ...(options.onProgress ? { onProgress: options.onProgress } : {}),
                  ...(options.onFault ? { onFault: options.onFault } : {}),
                },
              ),
            );
          } finally {
            await backlog.close();
            await stack.stop();
          }
        }
      }
      const faults = envelope(
        scenario.faults,
        variants.map((v) => v.faults),
      );
      const notes = [
        ...(brokers
          ? []
          : [
              `Run against stacks already running: their own profile and time scale apply, not the scenario's (${scenario.profile}, ${scenario.timeScale}).`,
            ]),
        ...(faults.some((f) => !f.executed)
          ? [
              `Some fault windows did not run${remoteProblem ? ` (${remoteProblem})` : ''}: the runs show the workload without them.`,
            ]
          : []),
        ...variants
          .filter((v) => !v.drained)
          .map(
            (v) =>
              `${v.variant} #${v.repeat} did not drain within ${scenario.drainTimeoutS} s: incomplete orders count as lost in its accounting.`,
          ),
      ];
      results.push(scenarioResult(scenario, variants, { faults, notes }));
    }
  } catch (error) {
    endedBecause = `failed: ${(error as Error).message.split('\n')[0]}`;
    throw error;
  } finally {
    await brokers?.stop();
  }
  return {
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    options: { ...options, onProgress: undefined, onFault: undefined },
    versions: {
      node: process.version,
      'nats-server': version('nats-server', ['--version']),
      'redis-server': version('redis-server', ['--version']),
    },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      os: `${type()} ${release()}`,
    },
    scenarios: results,
    ...(transport ? { transport } : {}),
    endedBecause,
    passed: results.every((s) => s.passed),
  };
}
