/**
 * What a fault is (DESIGN.md section 4), as a request anyone can make (the
 * load tool's scenarios, the `fault` command, the control endpoint) and as a
 * record of what actually happened and when.
 */

export type FaultKind = 'crash' | 'hang' | 'slow' | 'errors' | 'broker-down';

export const FAULT_KINDS: readonly FaultKind[] = ['crash', 'hang', 'slow', 'errors', 'broker-down'];

export const FAULT_KIND_HELP: Readonly<Record<FaultKind, string>> = {
  crash: 'SIGKILL, restarted after the duration',
  hang: 'SIGSTOP, then SIGCONT after the duration: connections stay open, nothing answers',
  slow: "the service's steps slowed (--multiplier, --add-ms) for the duration",
  errors: "the service's steps fail with a probability (--error-rate) for the duration",
  'broker-down': 'the broker stopped, started again after the duration',
};

/** The longest fault the lab will hold; a typo of "20m" for "20s" should not freeze a stack for hours. */
export const MAX_FAULT_MS = 10 * 60_000;

export interface FaultRequest {
  /** A target's name: `async-notification`, `sync-payment`, `nats`, `redis`… */
  readonly target: string;
  readonly kind: FaultKind;
  readonly durationMs: number;
  /** slow/errors: the steps to touch; all the service's steps when absent. */
  readonly steps?: readonly string[];
  /** slow: latency × multiplier … */
  readonly multiplier?: number;
  /** slow: … + addMs. */
  readonly addMs?: number;
  /** errors: probability 0–1 that a step fails as if its provider were down. */
  readonly errorRate?: number;
}

export interface FaultRecord extends FaultRequest {
  readonly id: string;
  /** active: in effect; ended: undone (and, for crash/broker-down, started again); failed: could not be applied or undone. */
  readonly state: 'active' | 'ended' | 'failed';
  /** Epoch ms at which the fault took effect. */
  readonly appliedAt?: number;
  /** Epoch ms at which it was undone (the restart began, the process resumed, the step restored). */
  readonly endedAt?: number;
  /** Epoch ms at which the target served again (crash, broker-down: ready after the restart). */
  readonly recoveredAt?: number;
  readonly error?: string;
}

/** The slow/errors setting sent to a service's simulator; undefined clears it. */
export interface StepFaultSetting {
  readonly multiplier?: number;
  readonly addMs?: number;
  readonly errorRate?: number;
}

/**
 * Anything a fault can be injected into: an app process of a stack, or one
 * of the project's brokers. `start` resolves once the target serves again.
 */
export interface FaultTarget {
  readonly name: string;
  readonly kinds: readonly FaultKind[];
  /** The simulated steps the target runs (slow/errors), e.g. chargeCard. */
  readonly steps?: readonly string[];
  kill(): Promise<void>;
  /** Graceful stop (broker-down). */
  stop(): Promise<void>;
  start(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Resolves once the target has taken the setting. */
  setStepFault?(steps: readonly string[], fault: StepFaultSetting | undefined): Promise<void>;
}

export class FaultRequestError extends Error {
  constructor(
    message: string,
    /** The HTTP status the control endpoint answers with. */
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = 'FaultRequestError';
  }
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;

/** "20s", "1500ms", "2m", "20" (seconds) → milliseconds. */
export function parseDuration(text: string): number {
  const m = DURATION.exec(text.trim());
  if (!m) throw new FaultRequestError(`duration "${text}" is not like 20s, 1500ms or 2m`);
  const n = Number(m[1]);
  return Math.round(m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000);
}

/**
 * Checks a request, naming the field that is wrong; the target's own checks
 * (does it exist, does it take this kind) come from the injector.
 */
export function parseFaultRequest(body: unknown): FaultRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new FaultRequestError('expected a JSON object with target, kind and durationMs');
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  const num = (field: string, min: number, max: number): number | undefined => {
    const v = b[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      problems.push(`${field} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
      return undefined;
    }
    return v;
  };
  if (typeof b.target !== 'string' || b.target === '') problems.push('target is required');
  if (!FAULT_KINDS.includes(b.kind as FaultKind))
    problems.push(`kind must be one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(b.kind)}`);
  const durationMs = num('durationMs', 1, MAX_FAULT_MS);
  if (b.durationMs === undefined) problems.push('durationMs is required');
  const multiplier = num('multiplier', 0, 1000);
  const addMs = num('addMs', 0, MAX_FAULT_MS);
  const errorRate = num('errorRate', 0, 1);
  let steps: string[] | undefined;
  if (b.steps !== undefined) {
    if (!Array.isArray(b.steps) || b.steps.some((s) => typeof s !== 'string' || s === ''))
      problems.push('steps must be a list of step names');
    else steps = b.steps as string[];
  }
  if (b.kind === 'slow' && multiplier === undefined && addMs === undefined && !problems.length)
    problems.push('slow needs multiplier or addMs');
  if (b.kind === 'errors' && errorRate === undefined && !problems.length)
    problems.push('errors needs errorRate');
  if (problems.length) throw new FaultRequestError(problems.join('; '));
  return {
    target: b.target as string,
    kind: b.kind as FaultKind,
    durationMs: durationMs!,
    ...(steps ? { steps } : {}),
    ...(multiplier !== undefined ? { multiplier } : {}),
    ...(addMs !== undefined ? { addMs } : {}),
    ...(errorRate !== undefined ? { errorRate } : {}),
  };
}

/** One line a person reads: "crash of async-notification for 20 s: applied 12:00:01.234, …". */
export function describeFault(r: FaultRecord): string {
  const at = (ms: number | undefined) =>
    ms === undefined ? '–' : new Date(ms).toISOString().slice(11, 23);
  const detail =
    r.kind === 'slow'
      ? ` (×${r.multiplier ?? 1} +${r.addMs ?? 0} ms${r.steps ? ` on ${r.steps.join(', ')}` : ''})`
      : r.kind === 'errors'
        ? ` (${Math.round((r.errorRate ?? 0) * 100)} % errors${r.steps ? ` on ${r.steps.join(', ')}` : ''})`
        : '';
  const parts = [`${r.kind} of ${r.target} for ${r.durationMs / 1000} s${detail}: ${r.state}`];
  if (r.appliedAt !== undefined) parts.push(`applied ${at(r.appliedAt)}`);
  if (r.endedAt !== undefined) parts.push(`ended ${at(r.endedAt)}`);
  if (r.recoveredAt !== undefined && r.endedAt !== undefined)
    parts.push(`serving again ${r.recoveredAt - r.endedAt} ms after the end`);
  if (r.error) parts.push(`error: ${r.error}`);
  return parts.join(', ');
}
