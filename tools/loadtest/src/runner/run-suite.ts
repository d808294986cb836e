/**
 * Runs scenarios one after another on the same brokers, then judges the run
 * as a whole: the one result object report.json holds.
 */
import { cpus, totalmem, type, release } from 'node:os';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { findBinary } from '@lab/brokers';
import { exportList } from '../analysis/exports.js';
import { judgeRun } from '../analysis/run-judgement.js';
import { USES_PER_CHECKOUT } from '../analysis/transport-bound.js';
import { runTransportBenchmark, TRANSPORT_SECONDS } from '../bench/transport-benchmark.js';
import type { RunResult, ScenarioResult, TransportResult } from '../result/index.js';
import { repeatsOf, selectScenarios, type Selection } from '../scenario/select.js';
import type { Scenario } from '../scenario/types.js';
import { runCrossover } from './run-crossover.js';
import { runScenario } from './run-scenario.js';
import {
  closeSession,
  openSession,
  withScenarioBrokers,
  type SessionOptions,
  type StackSession,
} from './stack-session.js';

export interface SuiteOptions extends Selection, SessionOptions {
  readonly catalogSize: number;
  readonly onProgress?: (line: string) => void;
  /** A line per fault that ran, saying when it took effect and ended. */
  readonly onFault?: (line: string) => void;
}

const GIB = 2 ** 30;

function version(bin: string, args: string[]): string {
  try {
    return execFileSync(findBinary(bin), args, { encoding: 'utf8' }).trim().split('\n')[0]!;
  } catch {
    return 'unknown';
  }
}

/** "2026-12-01T09-55-11-161-fc9b": when it started, and a few random hex digits. */
function runIdOf(startedAt: Date): string {
  const when = startedAt.toISOString().replace(/[:.]/g, '-').replace(/Z$/, '');
  return `${when}-${randomBytes(2).toString('hex')}`;
}

/** A capacity ceiling is stated against the transports' own, measured on the same brokers first. */
async function transportOf(
  session: StackSession,
  scenarios: readonly Scenario[],
  options: SuiteOptions,
): Promise<TransportResult | undefined> {
  const { nats, redis } = session.brokers ?? {};
  if (!nats || !redis || !scenarios.some((s) => s.ceiling)) return undefined;
  const measured = await runTransportBenchmark({
    natsUrl: nats.url,
    redisUrl: redis.url,
    brokerPids: [nats.pid, redis.pid],
    seconds: options.quick ? TRANSPORT_SECONDS.quick : TRANSPORT_SECONDS.full,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { ...measured, usesPerCheckout: USES_PER_CHECKOUT };
}

/** One scenario, a crossover or not, on the session's brokers. */
function runOne(
  session: StackSession,
  scenario: Scenario,
  options: SuiteOptions,
): Promise<ScenarioResult> {
  const repeats = repeatsOf(scenario, options);
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  const base = { seed: options.seed, catalogSize: options.catalogSize, ...progress };
  if (scenario.crossover) return runCrossover(session, scenario, { ...base, repeat: repeats });
  // Run together, each variant gets the scenario's brokers of its own (run-scenario.ts).
  const shared = scenario.together ? undefined : scenario.brokers;
  return withScenarioBrokers(session, shared, (own) =>
    runScenario(own, scenario, {
      ...base,
      repeats,
      ...(options.onFault ? { onFault: options.onFault } : {}),
    }),
  );
}

/**
 * Runs scenarios one after another on the same brokers: for each, every
 * variant on a fresh stack of real processes (the scenario's profile and
 * time scale), the same workload and seed, alternated when repeated.
 */
export async function runSuite(options: SuiteOptions): Promise<RunResult> {
  const scenarios = selectScenarios(options);
  const startedAt = new Date();
  const session = await openSession(options);
  const results: ScenarioResult[] = [];
  let transport: TransportResult | undefined;
  try {
    transport = await transportOf(session, scenarios, options);
    for (const scenario of scenarios) results.push(await runOne(session, scenario, options));
  } finally {
    await closeSession(session);
  }
  const judged = judgeRun(results, transport);
  return {
    runId: runIdOf(startedAt),
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
      memoryGiB: Math.round(totalmem() / GIB),
      os: `${type()} ${release()}`,
    },
    article: judged.article,
    scenarios: judged.scenarios,
    exports: exportList(judged.scenarios),
    ...(transport ? { transport } : {}),
    endedBecause: 'completed',
    passed: judged.passed,
  };
}
