/**
 * Faults on the links between processes (DESIGN.md section 4): they act in
 * the TCP proxy the launcher puts on each link, on one direction or both,
 * on every link a target names.
 */
import { FaultRequestError, MAX_FAULT_MS, type FaultTimes } from './fault-common.js';

export type LinkFaultKind =
  'latency' | 'bandwidth' | 'blackhole' | 'reset' | 'lost-reply' | 'partition' | 'slow-close';

export const LINK_FAULT_KINDS: readonly LinkFaultKind[] = [
  'latency',
  'bandwidth',
  'blackhole',
  'reset',
  'lost-reply',
  'partition',
  'slow-close',
];

/** `up`: client to server (requests); `down`: server to client (replies). */
export type LinkDirection = 'up' | 'down' | 'both';

export const LINK_FAULT_HELP: Readonly<Record<LinkFaultKind, string>> = {
  latency: 'each chunk on the link delayed --add-ms ± --jitter-ms, order kept (default: replies)',
  bandwidth: 'bytes on the link at most --rate-kbps KB/s (default: replies)',
  blackhole:
    'bytes swallowed, connections kept open (default: both ways); a connection that lost bytes is reset at the end',
  reset: 'every connection of the link reset at once, and each new one, for the duration',
  'lost-reply':
    'requests reach the server, its replies are dropped and the connection reset: the work is done, the caller never hears',
  partition:
    'a blackhole both ways on every link between the target and its peers (A->B: between the two sets)',
  'slow-close': 'a close (FIN or reset) crosses the link --delay-ms late (default: both ways)',
};

/** The directions each kind takes, the first its default. */
export const LINK_FAULT_DIRECTIONS: Readonly<Record<LinkFaultKind, readonly LinkDirection[]>> = {
  latency: ['down', 'up', 'both'],
  bandwidth: ['down', 'up', 'both'],
  blackhole: ['both', 'up', 'down'],
  // These act on whole connections, or on both ways by what they are.
  reset: ['both'],
  'lost-reply': ['down'],
  partition: ['both'],
  'slow-close': ['both', 'up', 'down'],
};

/** The most a bandwidth fault allows: past a gigabyte a second it would throttle nothing. */
export const MAX_LINK_RATE_KBPS = 1_000_000;

export interface LinkFaultRequest {
  /**
   * Links it acts on: a link `client->server` (`sync-gateway->sync-payment`),
   * either side a comma list of names with `*` (`hybrid-*->redis`); a
   * process or a service with its replicas (`sync-payment`: every link it is
   * an end of); or a stack (`hybrid`: every link of the stack).
   */
  readonly target: string;
  readonly kind: LinkFaultKind;
  readonly durationMs: number;
  /** The kind's default when absent (the first of LINK_FAULT_DIRECTIONS). */
  readonly direction?: LinkDirection;
  /** latency: added to each chunk. */
  readonly addMs?: number;
  /** latency: each chunk's delay drawn from addMs ± jitterMs. */
  readonly jitterMs?: number;
  /** bandwidth: KB/s (1 KB = 1000 bytes). */
  readonly rateKBps?: number;
  /** slow-close: how late a close arrives. */
  readonly delayMs?: number;
}

/** What a link's proxy saw while the fault was on, summed over its links. */
export interface LinkFaultCounts {
  readonly lostReplies: number;
  readonly resets: number;
  readonly swallowedBytes: number;
}

export interface LinkFaultRecord extends LinkFaultRequest, FaultTimes {
  readonly direction: LinkDirection;
  /** The links the target named, when it was applied. */
  readonly links: readonly string[];
  /** Counted from its start to its end (once it has ended). */
  readonly counts?: LinkFaultCounts;
}

/** What a link is told to do; undefined clears it. */
export interface LinkFaultSetting {
  readonly kind: LinkFaultKind;
  readonly direction: LinkDirection;
  readonly addMs?: number;
  readonly jitterMs?: number;
  readonly rateKBps?: number;
  readonly delayMs?: number;
}

export const isLinkFaultKind = (kind: unknown): kind is LinkFaultKind =>
  LINK_FAULT_KINDS.includes(kind as LinkFaultKind);

const NEEDS: Partial<Record<LinkFaultKind, keyof LinkFaultRequest>> = {
  latency: 'addMs',
  bandwidth: 'rateKBps',
  'slow-close': 'delayMs',
};

/** Checks a link fault, naming every field that is wrong; fills in the kind's direction. */
export function parseLinkFaultRequest(b: Record<string, unknown>): LinkFaultRequest {
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
  const kind = b.kind as LinkFaultKind;
  if (typeof b.target !== 'string' || b.target === '') problems.push('target is required');
  const durationMs = num('durationMs', 1, MAX_FAULT_MS);
  if (b.durationMs === undefined) problems.push('durationMs is required');
  const given = {
    addMs: num('addMs', 0, MAX_FAULT_MS),
    jitterMs: num('jitterMs', 0, MAX_FAULT_MS),
    rateKBps: num('rateKBps', 1, MAX_LINK_RATE_KBPS),
    delayMs: num('delayMs', 0, MAX_FAULT_MS),
  };
  const directions = LINK_FAULT_DIRECTIONS[kind];
  const direction = (b.direction ?? directions[0]) as LinkDirection;
  if (!directions.includes(direction))
    problems.push(
      `${kind} takes direction ${directions.join(' or ')}, got ${JSON.stringify(b.direction)}`,
    );
  const needed = NEEDS[kind];
  if (needed && b[needed] === undefined && !problems.length)
    problems.push(`${kind} needs ${needed}`);
  const foreign = (Object.keys(given) as (keyof typeof given)[]).filter(
    (k) => given[k] !== undefined && k !== needed && !(kind === 'latency' && k === 'jitterMs'),
  );
  if (foreign.length) problems.push(`${kind} takes no ${foreign.join(', ')}`);
  if (problems.length) throw new FaultRequestError(problems.join('; '));
  return {
    target: b.target as string,
    kind,
    durationMs: durationMs!,
    direction,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  };
}

/** " (+50±5 ms down)", " (100 KB/s up)", " (both)": what a link fault does, for one line. */
export function describeLinkSetting(r: LinkFaultRequest): string {
  const way = r.direction ?? LINK_FAULT_DIRECTIONS[r.kind][0];
  switch (r.kind) {
    case 'latency':
      return ` (+${r.addMs ?? 0}${r.jitterMs ? `±${r.jitterMs}` : ''} ms ${way})`;
    case 'bandwidth':
      return ` (${r.rateKBps} KB/s ${way})`;
    case 'slow-close':
      return ` (closes ${r.delayMs} ms late, ${way})`;
    case 'blackhole':
      return ` (${way})`;
    default:
      return '';
  }
}
