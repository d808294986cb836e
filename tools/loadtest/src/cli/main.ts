/**
 * The loadtest command line: parses the arguments, runs the command, and
 * says with its exit code whether every promise and threshold held.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findWorkspaceRoot } from '@lab/config';
import { VARIANTS, type Variant } from '@lab/domain';
import { scenarioBrokenLines } from '../report/text/report-text.js';
import { runSuite, type SuiteOptions } from '../runner/run-suite.js';
import { defaultSuite } from '../scenario/default-suite.js';
import { BURST_OFF_FACTOR, BURST_OFF_S, BURST_ON_FACTOR, BURST_ON_S } from '../scenario/select.js';
import { ARRIVAL_PROCESSES, type ArrivalProcess, type RunResult } from '../result/index.js';
import { printReports, writeReport } from '../report/write-report.js';
import { diffRuns } from '../report/text/diff.js';
import { UsageError, readArgs, type ArgSpec } from './args.js';
import { faultCommand } from './fault-command.js';
import { PLAIN_PROGRESS_EVERY_MS, progressTo } from './progress.js';
import { formatTransport, transportCommand } from './transport-command.js';

const HELP = `loadtest — measure sync vs async vs hybrid with one workload

usage:
  loadtest compare [options]        run the default comparison (every scenario, every variant) and write the report
  loadtest run --scenario NAME [--variant V] [options]
                                    run some scenarios / variants only
  loadtest diff RUN_A RUN_B         compare two saved runs (run ids or folders under reports/)
  loadtest report RUN               print a saved run's report.md and index.html again from its
                                    report.json (a run id, its folder, or the file)
  loadtest fault --target T --kind K --for 20s
                                    inject a fault by hand into stacks of \`nx run-many -t serve\`
                                    (\`loadtest fault --help\`)
  loadtest transport [--quick]      the raw ceilings of grpc-js, NATS, JetStream and BullMQ on this
                                    machine (the capacity scenario measures them too, in the same run)
  loadtest scenarios                list the scenarios
  loadtest --help                   this text

options:
  --quick              a short version of every scenario (seconds, not minutes), for tests
  --scenario A,B       only these scenarios
  --variant sync,async only these variants (sync, async, hybrid)
  --repeat K           run each scenario's variants K times, alternated (A B C A B C), instead of
                       the scenario's own repeats (seed-checkout and accept-500: 3); thresholds
                       are judged on the median over the repeats
  --seed N             seed of the request mix, the arrivals and the simulated world (default 1)
  --arrivals P         how every open loop's requests arrive, instead of each scenario's own:
                       uniform (evenly spaced), poisson (exponential gaps from the seed), or bursty
                       (on/off periods of the same mean rate: ${BURST_ON_S} s at ${BURST_ON_FACTOR}× the rate, ${BURST_OFF_S} s at ${BURST_OFF_FACTOR}×)
  --out DIR            where reports go (default reports/ at the workspace root)
  --no-progress        no progress line (on a terminal one line rewritten every second; elsewhere,
                       as in CI logs, a plain line every ${PLAIN_PROGRESS_EVERY_MS / 1000} s)
  --running            drive the stacks already running (npx nx run-many -t serve) at the configured
                       ports instead of starting brokers and stacks; their own settings apply
  --allow-remote       allow a target that is not on this machine (refused by default)
  --trace              also run each scenario's variants with OpenTelemetry tracing on, alternated
                       with the untraced runs on fresh stacks: the report draws where the time of a
                       median and a p99 order went, and what tracing costs accepted p50 (the
                       scenario's own figures stay untraced; seed-checkout does this by itself)
  --trace-sample R     the share of orders traced, 0 to 1 (default 1)
  --trace-repeats K    traced runs per variant (default: as many as its untraced repeats)
  --no-trace           no traced runs, not even seed-checkout's
  --together           the fault scenarios run their variants at the same time, each on brokers of
                       its own, even with --quick (full runs do by default)
  --one-by-one         the fault scenarios run their variants one after another, even in full runs

The tool starts its own brokers and stacks on free ports on this machine (compiled JavaScript:
build first, as \`npm run compare\` does). Exit code: 0 when every threshold and promise held,
1 when one broke, 2 on a usage error.`;

function fail(message: string): never {
  throw new UsageError(message);
}

interface Parsed {
  readonly command: string;
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

const ARGS: ArgSpec = {
  withValue: new Set([
    'scenario',
    'variant',
    'repeat',
    'seed',
    'out',
    'trace-sample',
    'trace-repeats',
    'arrivals',
  ]),
  switches: new Set([
    'quick',
    'no-progress',
    'help',
    'running',
    'allow-remote',
    'trace',
    'no-trace',
    'together',
    'one-by-one',
  ]),
  positionals: true,
};

export function parseArgs(argv: readonly string[]): Parsed {
  const { flags, positionals } = readArgs(argv, ARGS);
  return { command: positionals.shift() ?? 'help', positional: positionals, flags };
}

function positiveInt(flags: Parsed['flags'], name: string, fallback: number): number {
  const raw = flags.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    fail(`--${name} must be a whole number ≥ 1, got ${String(raw)}`);
  return n;
}

/** The traced runs asked for: --trace (with its sample and repeats), --no-trace, or as declared. */
function traceOption(flags: Parsed['flags']): { trace?: SuiteOptions['trace'] } {
  const tracing = flags.has('trace') || flags.has('trace-sample') || flags.has('trace-repeats');
  if (flags.has('no-trace')) {
    if (tracing) fail('--no-trace cannot go with --trace, --trace-sample or --trace-repeats');
    return { trace: false };
  }
  if (!tracing) return {};
  const raw = flags.get('trace-sample');
  const sampleRatio = raw === undefined ? 1 : Number(raw);
  if (typeof raw === 'boolean' || !(sampleRatio > 0 && sampleRatio <= 1))
    fail(`--trace-sample must be a share above 0 and at most 1, got ${String(raw)}`);
  const repeats = flags.has('trace-repeats') ? positiveInt(flags, 'trace-repeats', 1) : undefined;
  return { trace: { sampleRatio, ...(repeats ? { repeats } : {}) } };
}

/** --arrivals, one of the processes the pacer knows. */
function arrivalsOption(flags: Parsed['flags']): { arrivals?: ArrivalProcess } {
  const raw = flags.get('arrivals');
  if (raw === undefined) return {};
  if (!ARRIVAL_PROCESSES.includes(raw as ArrivalProcess))
    fail(`--arrivals must be one of ${ARRIVAL_PROCESSES.join(', ')}, got ${String(raw)}`);
  return { arrivals: raw as ArrivalProcess };
}

function list(flags: Parsed['flags'], name: string): string[] | undefined {
  const raw = flags.get(name);
  return typeof raw === 'string'
    ? raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

/** A saved run and the file it was read from. */
function loadRun(ref: string, outDir: string): { result: RunResult; file: string } {
  const candidates = [join(ref, 'report.json'), join(outDir, ref, 'report.json'), ref];
  for (const file of candidates) {
    try {
      return { result: JSON.parse(readFileSync(file, 'utf8')) as RunResult, file };
    } catch {
      // try the next way of naming a run
    }
  }
  fail(`no saved run at ${ref} (looked for ${candidates.join(', ')})`);
}

/**
 * Whether a run passed, read from the judgements the runner stored: the
 * run's, and every scenario's with its promises, so no single flag can hide
 * a broken promise.
 */
export function runPassed(result: RunResult): boolean {
  return result.passed && result.scenarios.every((s) => s.passed && s.promises.kept);
}

/** What a command needs from outside; a test passes its own. */
export interface CliDeps {
  readonly runSuite: (options: SuiteOptions) => Promise<RunResult>;
}

/** Runs one command line; resolves to the exit code. */
export async function main(argv: readonly string[], deps: CliDeps = { runSuite }): Promise<number> {
  try {
    return await command(argv, deps);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`loadtest: ${error.message}\n\nrun \`loadtest --help\` for usage`);
    return 2;
  }
}

async function command(argv: readonly string[], deps: CliDeps): Promise<number> {
  if (argv[0] === 'fault') return faultCommand(argv.slice(1));
  const { command, positional, flags } = parseArgs(argv);
  if (flags.has('help') || command === 'help') {
    console.log(HELP);
    return 0;
  }
  const outDir = resolve(
    typeof flags.get('out') === 'string'
      ? (flags.get('out') as string)
      : join(findWorkspaceRoot(), 'reports'),
  );
  if (command === 'scenarios') {
    for (const s of defaultSuite(Boolean(flags.get('quick'))))
      console.log(`${s.name.padEnd(14)} ${s.description}`);
    return 0;
  }
  if (command === 'diff') {
    if (positional.length !== 2) fail('diff takes two runs');
    const [a, b] = [loadRun(positional[0]!, outDir), loadRun(positional[1]!, outDir)];
    console.log(diffRuns(a.result, b.result));
    return 0;
  }
  if (command === 'report') {
    if (positional.length !== 1) fail('report takes one run');
    const { result, file } = loadRun(positional[0]!, outDir);
    const dir = printReports(result, dirname(file));
    console.log(`report: ${join(dir, 'index.html')}`);
    return 0;
  }
  if (command === 'transport') {
    const result = await transportCommand(Boolean(flags.get('quick')));
    console.log(formatTransport(result));
    return 0;
  }
  if (command !== 'compare' && command !== 'run') fail(`unknown command ${command}`);
  return suiteCommand(command, flags, outDir, deps);
}

/** --together or --one-by-one, not both; neither: as each scenario declares. */
function togetherOption(flags: Parsed['flags']): { together?: boolean } {
  if (flags.has('together') && flags.has('one-by-one'))
    fail('--together cannot go with --one-by-one');
  if (flags.has('together')) return { together: true };
  if (flags.has('one-by-one')) return { together: false };
  return {};
}

/** compare and run: the suite, its report, and the exit code of its judgement. */
async function suiteCommand(
  command: 'compare' | 'run',
  flags: Parsed['flags'],
  outDir: string,
  deps: CliDeps,
): Promise<number> {
  const variants = list(flags, 'variant');
  const bad = variants?.filter((v) => !VARIANTS.includes(v as Variant));
  if (bad?.length) fail(`unknown variant ${bad.join(', ')} (sync, async, hybrid)`);
  const scenarios = list(flags, 'scenario');
  if (command === 'run' && !scenarios?.length) fail('run needs --scenario');
  const progress = flags.has('no-progress') ? undefined : progressTo(process.stderr);
  const result = await deps.runSuite({
    quick: Boolean(flags.get('quick')),
    ...(scenarios ? { scenarios } : {}),
    ...(variants ? { variants: variants as Variant[] } : {}),
    ...(flags.has('repeat') ? { repeat: positiveInt(flags, 'repeat', 1) } : {}),
    ...traceOption(flags),
    ...arrivalsOption(flags),
    ...togetherOption(flags),
    seed: positiveInt(flags, 'seed', 1),
    catalogSize: 100,
    running: flags.has('running'),
    allowRemote: flags.has('allow-remote'),
    ...(progress ? { onProgress: (line: string) => progress.line(line) } : {}),
    onFault: (line: string) => {
      progress?.clear();
      console.log(`fault: ${line}`);
    },
  });
  progress?.clear();
  const dir = writeReport(result, outDir);
  console.log(`report: ${join(dir, 'index.html')}`);
  for (const line of outcomeLines(result)) console.log(line);
  return runPassed(result) ? 0 : 1;
}

/** Per scenario, pass or FAIL, and under a failure the promises and thresholds that broke. */
export function outcomeLines(result: RunResult): string[] {
  return result.scenarios.flatMap((s) => {
    const broken = scenarioBrokenLines(s).map((line) => `promises broken: ${line}`);
    const thresholds = s.thresholds
      .filter((t) => !t.passed)
      .map((t) => {
        const spread = t.repeats && t.repeats.values.length > 1 ? t.repeats : null;
        const of = spread
          ? ` (median of ${spread.values.length}: ${spread.values.map((v) => v.toFixed(2)).join(', ')})`
          : '';
        return `${t.variant} ${t.metric} ${t.value.toFixed(2)} > ${t.max}${of}`;
      });
    return [
      `  ${s.passed && s.promises.kept ? 'pass' : 'FAIL'}  ${s.name}`,
      ...[...broken, ...thresholds].map((l) => `        ${l}`),
    ];
  });
}
