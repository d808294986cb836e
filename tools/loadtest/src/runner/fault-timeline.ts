/**
 * Faults on a run's timeline: resolved against the variant under test,
 * applied at their planned second through an injector (the tool's own
 * processes, or the control endpoints of stacks started by `nx run-many`),
 * recorded with the times they took effect, and judged for recovery.
 */
import type { LabConfig, StackName } from '@lab/config';
import { seedTotalMs, CHECKOUT_STEPS, CRITICAL_STEPS, type Variant } from '@lab/domain';
import { ControlClient, describeFault, type FaultRecord, type FaultRequest } from '@lab/faults';
import type { FaultWindow, TimelinePoint } from '../result/index.js';
import type { Scenario } from '../scenario/types.js';

/** What the run needs of an injector, local or behind a control endpoint. */
export interface FaultRunner {
  inject(request: FaultRequest): Promise<FaultRecord>;
  whenEnded(id: string): Promise<FaultRecord | undefined>;
}

const BROKERS = new Set(['nats', 'redis']);

/** `notification` in the async variant is the app `async-notification`; brokers keep their names. */
export function faultTargetName(target: string, variant: Variant): string {
  return BROKERS.has(target) || target.includes('-') ? target : `${variant}-${target}`;
}

/** The control endpoint that owns a target: the brokers', or its stack's supervisor. */
export function controlUrlFor(target: string, config: LabConfig): string {
  const port = BROKERS.has(target)
    ? config.control.brokersPort
    : config.stacks[target.split('-')[0] as StackName]?.controlPort;
  if (port === undefined)
    throw new Error(
      `no stack for target ${target}: name a service as <stack>-<service> (async-notification, sync-payment, hybrid-gateway…) or a broker (nats, redis)`,
    );
  return `http://127.0.0.1:${port}`;
}

/** Faults by hand or in `--running` runs: through the control endpoints of running stacks. */
export function remoteFaults(config: LabConfig): FaultRunner {
  if (!config.control.token)
    throw new Error(
      'LAB_CONTROL_TOKEN is not set: give the same token the stacks were started with (LAB_CONTROL_ENABLED=true LAB_CONTROL_TOKEN=… npx nx run-many -t serve)',
    );
  const clients = new Map<string, ControlClient>();
  const clientFor = (target: string) => {
    const url = controlUrlFor(target, config);
    if (!clients.has(url)) clients.set(url, new ControlClient(url, config.control.token));
    return clients.get(url)!;
  };
  const owner = new Map<string, ControlClient>();
  return {
    inject: async (request) => {
      const client = clientFor(request.target);
      const record = await client.inject(request);
      owner.set(record.id, client);
      return record;
    },
    whenEnded: (id) => owner.get(id)?.whenEnded(id) ?? Promise.resolve(undefined),
  };
}

/**
 * Applies the scenario's faults at their planned seconds (from `t0`, epoch
 * ms) and resolves, once they have all ended, with what happened.
 */
export async function runScenarioFaults(
  scenario: Scenario,
  variant: Variant,
  runner: FaultRunner,
  t0: number,
  log?: (line: string) => void,
): Promise<FaultWindow[]> {
  const seconds = (epochMs: number | undefined) =>
    epochMs === undefined ? undefined : (epochMs - t0) / 1000;
  return Promise.all(
    scenario.faults.map(async (f): Promise<FaultWindow> => {
      const wait = t0 + f.startS * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const request: FaultRequest = {
        target: faultTargetName(f.target, variant),
        kind: f.kind,
        durationMs: Math.round(f.durationS * 1000),
        ...(f.steps ? { steps: f.steps } : {}),
        ...(f.multiplier !== undefined ? { multiplier: f.multiplier } : {}),
        ...(f.addMs !== undefined ? { addMs: f.addMs } : {}),
        ...(f.errorRate !== undefined ? { errorRate: f.errorRate } : {}),
      };
      let record: FaultRecord | undefined;
      try {
        record = await runner.inject(request);
        if (record.state === 'active') record = (await runner.whenEnded(record.id)) ?? record;
      } catch (error) {
        log?.(`fault ${f.kind} ${request.target}: ${(error as Error).message}`);
        return { ...f, executed: false, note: `not applied: ${(error as Error).message}` };
      }
      log?.(describeFault(record));
      const appliedAtS = seconds(record.appliedAt);
      const endedAtS = seconds(record.endedAt);
      const recoveredAtS = seconds(record.recoveredAt);
      return {
        ...f,
        target: request.target,
        executed: record.appliedAt !== undefined,
        ...(appliedAtS !== undefined ? { appliedAtS } : {}),
        ...(endedAtS !== undefined ? { endedAtS } : {}),
        ...(recoveredAtS !== undefined ? { recoveredAtS } : {}),
        note: record.error ?? whatItDid(record),
      };
    }),
  );
}

function whatItDid(r: FaultRecord): string {
  switch (r.kind) {
    case 'crash':
      return 'SIGKILL, then started again';
    case 'hang':
      return 'SIGSTOP, then SIGCONT';
    case 'broker-down':
      return 'stopped, then started again';
    case 'slow':
      return `steps ×${r.multiplier ?? 1}${r.addMs ? ` +${r.addMs} ms` : ''}`;
    case 'errors':
      return `steps fail ${Math.round((r.errorRate ?? 0) * 100)} % of the time`;
  }
}

/** Failures that are the customer's or the shop's answer, not an outage. */
export const BUSINESS_ERRORS = new Set([
  'card_declined',
  'out_of_stock',
  'invalid_request',
  'invalid_payment',
]);

/** The per-second latency a recovered variant stays under, by the simulated floor of what it waits for. */
export function recoveryLimits(
  variant: Variant,
  timeScale: number,
  factor = 2,
): { acceptedP99Ms: number; completedP99Ms: number } {
  const all = seedTotalMs(CHECKOUT_STEPS);
  const critical = seedTotalMs(CRITICAL_STEPS);
  const email = 500;
  // An async accept does no simulated work: its limit is a fixed budget.
  const accepted = variant === 'sync' ? all : variant === 'hybrid' ? critical : 0;
  const completed = variant === 'sync' ? all : critical + email;
  return {
    acceptedP99Ms: Math.max(250, factor * accepted * timeScale),
    completedP99Ms: Math.max(250, factor * completed * timeScale),
  };
}

/** What recovery needs to know of one order: when it was meant to leave and how it went. */
export interface OrderOutcome {
  /** Intended send time, seconds since the variant's start. */
  readonly intendedS: number;
  readonly acceptedMs: number;
  /** Null when it never completed. */
  readonly completedMs: number | null;
  /** The error reason of the answer, if it was one. */
  readonly error?: string;
}

/**
 * Seconds from the end of a fault until the variant was back to normal:
 * the broker backlog no deeper than before the fault (and staying so), and
 * every order sent from then on answered without an outage error and
 * completed within the limits. A crash counts at least until the restarted
 * process served. Null, with the reason, when that did not happen before
 * the run ended.
 */
export function recoveryTime(
  orders: readonly OrderOutcome[],
  timeline: readonly TimelinePoint[],
  fault: { startS: number; endedAtS?: number; recoveredAtS?: number },
  limits: { acceptedP99Ms: number; completedP99Ms: number },
  /** When the next fault began: what follows belongs to it. */
  until = Infinity,
): { recoveryS: number | null; why?: string } {
  const end = fault.endedAtS;
  if (end === undefined) return { recoveryS: null, why: 'the fault did not end' };
  const horizon = Number.isFinite(until) ? 'when the next fault began' : 'when the run ended';
  const before = timeline.filter((p) => !p.warmup && p.t + 1 <= fault.startS);
  const backlogBefore = Math.max(0, ...before.map((p) => p.backlog ?? 0));
  // A backlog sample stored at second t was taken at its end, t + 1.
  const inWindow = timeline.filter((p) => p.t + 1 > end && p.t + 1 <= until);
  const lastDeep = inWindow.filter((p) => p.backlog !== null && p.backlog > backlogBefore).at(-1);
  const backlogOkAt = lastDeep ? lastDeep.t + 2 : end;
  if (lastDeep && lastDeep === inWindow.at(-1))
    return { recoveryS: null, why: `the backlog had not drained ${horizon}` };

  const ok = (o: OrderOutcome) =>
    (o.error === undefined || BUSINESS_ERRORS.has(o.error)) &&
    o.acceptedMs <= limits.acceptedP99Ms &&
    (o.completedMs === null ? o.error !== undefined : o.completedMs <= limits.completedP99Ms);
  const after = orders
    // Before the next fault, only orders that had time to finish before it count.
    .filter((o) => o.intendedS >= end && o.intendedS + limits.completedP99Ms / 1000 <= until)
    .sort((a, b) => a.intendedS - b.intendedS);
  if (after.length === 0)
    return {
      recoveryS: null,
      why: `no orders were sent between the end of the fault and ${horizon}`,
    };
  let first = after.length;
  while (first > 0 && ok(after[first - 1]!)) first--;
  if (first === after.length)
    return { recoveryS: null, why: `orders sent up to ${horizon} were still slow or failing` };
  const latencyOkAt = first === 0 ? end : after[first]!.intendedS;
  return {
    recoveryS: Math.max(latencyOkAt, backlogOkAt, fault.recoveredAtS ?? end) - end,
  };
}

/** For the chart of the whole scenario: one window per fault, spanning every variant's actual times. */
export function envelope(
  planned: Scenario['faults'],
  perVariant: readonly (readonly FaultWindow[])[],
): FaultWindow[] {
  return planned.map((f, i) => {
    const runs = perVariant.map((w) => w[i]).filter((w): w is FaultWindow => !!w);
    const ran = runs.filter((w) => w.executed && w.appliedAtS !== undefined);
    if (ran.length === 0) return { ...f, executed: false, note: runs[0]?.note ?? 'not executed' };
    const appliedAtS = Math.min(...ran.map((w) => w.appliedAtS!));
    const endedAtS = Math.max(...ran.map((w) => w.endedAtS ?? w.appliedAtS! + f.durationS));
    return {
      ...f,
      executed: true,
      appliedAtS,
      endedAtS,
      note:
        ran.length === runs.length
          ? `${ran[0]!.note}; each variant's exact times are in its fault table`
          : `applied in ${ran.length} of ${runs.length} runs`,
    };
  });
}
