/**
 * What a fault is (DESIGN.md section 4), as a request anyone can make (the
 * load tool's scenarios, the `fault` command, the control endpoint) and as a
 * record of what actually happened and when. Process faults are here; link
 * faults in link-fault.ts.
 */
import { FaultRequestError, MAX_FAULT_MS, type FaultTimes } from './fault-common.js';
import {
  LINK_FAULT_HELP,
  LINK_FAULT_KINDS,
  describeLinkSetting,
  isLinkFaultKind,
  parseLinkFaultRequest,
  type LinkFaultCounts,
  type LinkFaultKind,
  type LinkFaultRecord,
  type LinkFaultRequest,
  type LinkFaultSetting,
} from './link-fault.js';

export { FaultRequestError, MAX_FAULT_MS, type FaultTimes } from './fault-common.js';

/** A fault of a process or a broker. */
export type FaultKind = 'crash' | 'hang' | 'slow' | 'errors' | 'broker-down';

export const PROCESS_FAULT_KINDS: readonly FaultKind[] = [
  'crash',
  'hang',
  'slow',
  'errors',
  'broker-down',
];

/** Any fault: of a process or broker, or of a link. */
export type AnyFaultKind = FaultKind | LinkFaultKind;

/** Every kind the control endpoint takes. */
export const FAULT_KINDS: readonly AnyFaultKind[] = [...PROCESS_FAULT_KINDS, ...LINK_FAULT_KINDS];

export const FAULT_KIND_HELP: Readonly<Record<AnyFaultKind, string>> = {
  crash: 'SIGKILL, restarted after the duration',
  hang: 'SIGSTOP, then SIGCONT after the duration: connections stay open, nothing answers',
  slow: "the service's steps slowed (--multiplier, --add-ms) for the duration",
  errors: "the service's steps fail with a probability (--error-rate) for the duration",
  'broker-down': 'the broker stopped, started again after the duration',
  ...LINK_FAULT_HELP,
};

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

export interface FaultRecord extends FaultRequest, FaultTimes {}

/** A request for a fault of either family, as the control endpoint takes it. */
export type AnyFaultRequest = FaultRequest | LinkFaultRequest;
export type AnyFaultRecord = FaultRecord | LinkFaultRecord;

export const isLinkFault = <R extends AnyFaultRequest>(r: R): r is Extract<R, LinkFaultRequest> =>
  isLinkFaultKind(r.kind);

/** The slow/errors setting sent to a service's simulator; undefined clears it. */
export interface StepFaultSetting {
  readonly multiplier?: number;
  readonly addMs?: number;
  readonly errorRate?: number;
}

/**
 * Anything a fault can be injected into: an app process of a stack, one of
 * the project's brokers, or a link between two of them. A target has what
 * its kinds need: `start` resolves once the target serves again.
 */
export interface FaultTarget {
  readonly name: string;
  readonly kinds: readonly AnyFaultKind[];
  /** The simulated steps the target runs (slow/errors), e.g. chargeCard. */
  readonly steps?: readonly string[];
  kill?(): Promise<void>;
  /** Graceful stop (broker-down). */
  stop?(): Promise<void>;
  start?(): Promise<void>;
  pause?(): void;
  resume?(): void;
  /** Resolves once the target has taken the setting. */
  setStepFault?(steps: readonly string[], fault: StepFaultSetting | undefined): Promise<void>;
  /** A link's two ends: the process that connects and what it connects to. */
  readonly link?: { readonly client: string; readonly server: string };
  /** Puts a link fault in effect on the link (undefined clears it). */
  setLinkFault?(setting: LinkFaultSetting | undefined): Promise<void>;
  /** What the link has counted since it started. */
  linkCounts?(): LinkFaultCounts;
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
 * Checks a request of either family, naming every field that is wrong; the
 * target's own checks (does it exist, does it take this kind) come from the
 * injector.
 */
export function parseFaultRequest(body: unknown): AnyFaultRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new FaultRequestError('expected a JSON object with target, kind and durationMs');
  const b = body as Record<string, unknown>;
  return isLinkFaultKind(b.kind) ? parseLinkFaultRequest(b) : parseProcessFault(b);
}

function parseProcessFault(b: Record<string, unknown>): FaultRequest {
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
  if (!PROCESS_FAULT_KINDS.includes(b.kind as FaultKind))
    problems.push(`kind must be one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(b.kind)}`);
  if (b.direction !== undefined) problems.push('direction is for link faults only');
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
export function describeFault(r: AnyFaultRecord): string {
  const at = (ms: number | undefined) =>
    ms === undefined ? '–' : new Date(ms).toISOString().slice(11, 23);
  const on = (steps?: readonly string[]) => (steps ? ` on ${steps.join(', ')}` : '');
  const detail = isLinkFault(r)
    ? describeLinkSetting(r)
    : r.kind === 'slow'
      ? ` (×${r.multiplier ?? 1} +${r.addMs ?? 0} ms${on(r.steps)})`
      : r.kind === 'errors'
        ? ` (${Math.round((r.errorRate ?? 0) * 100)} % errors${on(r.steps)})`
        : '';
  const parts = [`${r.kind} of ${r.target} for ${r.durationMs / 1000} s${detail}: ${r.state}`];
  if (isLinkFault(r) && r.links?.length) parts.push(`on ${r.links.join(', ')}`);
  if (r.appliedAt !== undefined) parts.push(`applied ${at(r.appliedAt)}`);
  if (r.endedAt !== undefined) parts.push(`ended ${at(r.endedAt)}`);
  if (r.recoveredAt !== undefined && r.endedAt !== undefined)
    parts.push(`serving again ${r.recoveredAt - r.endedAt} ms after the end`);
  if (isLinkFault(r) && r.counts)
    parts.push(
      `${r.counts.lostReplies} replies lost, ${r.counts.resets} connections reset, ${r.counts.swallowedBytes} bytes swallowed`,
    );
  if (r.error) parts.push(`error: ${r.error}`);
  return parts.join(', ');
}
