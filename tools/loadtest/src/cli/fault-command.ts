/**
 * `loadtest fault`: a fault injected by hand into stacks started with
 * `npx nx run-many -t serve` (LAB_CONTROL_ENABLED=true and a token), through
 * their supervisors' control endpoints. It waits for the fault to end and the
 * target to serve again, and says when each happened.
 */
import { loadConfig, type LabConfig, type StackName } from '@lab/config';
import {
  ControlClient,
  FAULT_KINDS,
  FAULT_KIND_HELP,
  FaultRequestError,
  describeFault,
  isLinkFault,
  isLinkFaultKind,
  parseDuration,
  parseFaultRequest,
  type AnyFaultKind,
  type AnyFaultRequest,
  type FaultKind,
} from '@lab/faults';
import { controlUrlFor, remoteFaults } from '../runner/remote-faults.js';
import { UsageError, readArgs, type ArgSpec } from './args.js';

export const FAULT_HELP = `loadtest fault — inject a fault by hand into running stacks

usage:
  loadtest fault --target TARGET --kind KIND --for DURATION [options]
  loadtest fault --list

  npx nx run loadtest:fault -- --target async-notification --kind crash --for 20s
  npx nx run loadtest:fault -- --target "'sync-gateway->sync-payment'" --kind latency --add-ms 50 --for 10s

targets: <stack>-<service> (sync-payment, async-notification, hybrid-gateway…) or a broker (nats, redis);
  a link fault's: a link client->server (sync-gateway->sync-payment), either side a comma list with *
  (hybrid-*->redis), a process or service (all its links) or a stack (hybrid). Through Nx, quote a
  target with -> or * twice: Nx hands the arguments to a shell as they are.
kinds:
${FAULT_KINDS.map((k) => `  ${k.padEnd(12)} ${FAULT_KIND_HELP[k]}`).join('\n')}

options:
  --for DURATION      how long: 20s, 1500ms, 2m (at most 10 minutes)
  --step A,B          slow/errors: only these steps (default: every step of the service)
  --multiplier N      slow: latency × N
  --add-ms N          slow: latency + N simulated ms (scaled by the stack's LAB_TIME_SCALE, like every step)
  --error-rate P      errors: probability 0–1 that a step fails
  --add-ms N          latency: ms added to each chunk on the link (real ms)
  --jitter-ms N       latency: each chunk's delay drawn from add-ms ± N
  --rate-kbps N       bandwidth: KB/s
  --delay-ms N        slow-close: how late a close crosses the link
  --direction D       a link fault's direction: up (requests), down (replies) or both; each kind has its default
  --no-wait           return once the fault took effect (it still ends on its own)
  --list              the targets of every running stack and the brokers

The stacks must run with control enabled, and this command needs the same token:
  export LAB_CONTROL_ENABLED=true LAB_CONTROL_TOKEN=$(openssl rand -hex 16)
  npx nx run-many -t serve            # in one terminal
  npx nx run loadtest:fault -- …      # in another, same two variables`;

const ARGS: ArgSpec = {
  withValue: new Set([
    'target',
    'kind',
    'for',
    'step',
    'multiplier',
    'add-ms',
    'error-rate',
    'jitter-ms',
    'rate-kbps',
    'delay-ms',
    'direction',
  ]),
  switches: new Set(['no-wait', 'list', 'help']),
  positionals: false,
};

/** The flags of a command line, by name; an unknown flag or one without its value is named. */
const readFlags = (argv: readonly string[]) => readArgs(argv, ARGS).flags;

/** The request the flags describe; every wrong flag is named. */
/** A link fault's fields as their flags, for messages about them. */
const LINK_FLAGS: readonly [string, string][] = [
  ['addMs', '--add-ms'],
  ['jitterMs', '--jitter-ms'],
  ['rateKBps', '--rate-kbps'],
  ['delayMs', '--delay-ms'],
  ['direction', '--direction'],
];

/** A link fault's request, checked as the control endpoint checks it, its problems named by flag. */
function linkFaultRequest(fields: Record<string, unknown>): AnyFaultRequest {
  try {
    return parseFaultRequest(fields);
  } catch (error) {
    if (!(error instanceof FaultRequestError)) throw error;
    const said = LINK_FLAGS.reduce(
      (m, [field, flag]) => m.replaceAll(new RegExp(`\\b${field}\\b`, 'g'), flag),
      error.message,
    );
    throw new UsageError(`--kind ${String(fields.kind)}: ${said}`);
  }
}

export function parseFaultArgs(argv: readonly string[]): {
  request?: AnyFaultRequest;
  wait: boolean;
  list: boolean;
  help: boolean;
} {
  const flags = readFlags(argv);
  const help = flags.has('help');
  const list = flags.has('list');
  if (help || list) return { wait: true, list, help };
  const str = (name: string) => flags.get(name) as string | undefined;
  const number = (name: string) => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, got ${raw}`);
    return n;
  };
  const missing = ['target', 'kind', 'for'].filter((f) => !flags.has(f));
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
  const kind = str('kind') as AnyFaultKind;
  if (!FAULT_KINDS.includes(kind))
    throw new UsageError(`--kind must be one of ${FAULT_KINDS.join(', ')}, got ${kind}`);
  let durationMs: number;
  try {
    durationMs = parseDuration(str('for')!);
  } catch (error) {
    throw new UsageError(`--for: ${(error as Error).message}`);
  }
  const steps = str('step')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const multiplier = number('multiplier');
  const addMs = number('add-ms');
  const wait = !flags.has('no-wait');
  if (isLinkFaultKind(kind)) {
    const fields = {
      target: str('target'),
      kind,
      durationMs,
      addMs,
      jitterMs: number('jitter-ms'),
      rateKBps: number('rate-kbps'),
      delayMs: number('delay-ms'),
      direction: str('direction'),
    };
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    return { request: linkFaultRequest(given), wait, list: false, help: false };
  }
  const errorRate = number('error-rate');
  if (kind === 'slow' && multiplier === undefined && addMs === undefined)
    throw new UsageError('--kind slow needs --multiplier or --add-ms');
  if (kind === 'errors' && errorRate === undefined)
    throw new UsageError('--kind errors needs --error-rate');
  return {
    request: {
      target: str('target')!,
      kind: kind as FaultKind,
      durationMs,
      ...(steps?.length ? { steps } : {}),
      ...(multiplier !== undefined ? { multiplier } : {}),
      ...(addMs !== undefined ? { addMs } : {}),
      ...(errorRate !== undefined ? { errorRate } : {}),
    },
    wait,
    list: false,
    help: false,
  };
}

/** Wide enough for a link's name (sync-gateway->sync-notification) to keep the kinds in a column. */
const NAME_WIDTH = 32;

async function listTargets(config: LabConfig): Promise<number> {
  const endpoints = [
    'nats',
    ...(['sync', 'async', 'hybrid'] as StackName[]).map((s) => `${s}-gateway`),
  ];
  let reached = 0;
  for (const target of endpoints) {
    const url = controlUrlFor(target, config);
    try {
      const { scope, targets } = await new ControlClient(url, config.control.token).describe();
      reached++;
      console.log(`${scope} (${url}):`);
      for (const t of targets)
        console.log(
          `  ${t.name.padEnd(NAME_WIDTH)} ${t.kinds.join(', ')}${t.steps.length ? `  steps: ${t.steps.join(', ')}` : ''}`,
        );
    } catch (error) {
      console.log(`${target.replace('-gateway', ' stack')}: ${(error as Error).message}`);
    }
  }
  return reached > 0 ? 0 : 1;
}

/** Runs the command; resolves with the exit code. */
export async function faultCommand(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseFaultArgs>;
  try {
    parsed = parseFaultArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`loadtest fault: ${error.message}\n\nrun \`loadtest fault --help\` for usage`);
    return 2;
  }
  if (parsed.help) {
    console.log(FAULT_HELP);
    return 0;
  }
  const config = loadConfig();
  if (parsed.list) return listTargets(config);
  const request = parsed.request!;
  let runner;
  try {
    controlUrlFor(request.target, config, isLinkFault(request));
    runner = remoteFaults(config);
  } catch (error) {
    console.error(`loadtest fault: ${(error as Error).message}`);
    return 2;
  }
  let record;
  try {
    record = await runner.inject(request);
  } catch (error) {
    console.error(`loadtest fault: ${(error as Error).message}`);
    return 1;
  }
  console.log(describeFault(record));
  if (record.state === 'failed') return 1;
  if (!parsed.wait) return 0;
  const ended = (await runner.whenEnded(record.id)) ?? record;
  console.log(describeFault(ended));
  return ended.state === 'ended' ? 0 : 1;
}
