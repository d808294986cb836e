/**
 * What a link can do to the bytes crossing it, in the manner of Toxiproxy:
 * a toxic acts on one direction of every connection of a link; a mode acts
 * on whole connections.
 */

/** `up`: client to server (requests); `down`: server to client (replies). */
export type Direction = 'up' | 'down';

export const DIRECTIONS: readonly Direction[] = ['up', 'down'];

export type Toxic =
  /** Each chunk leaves `addMs` ± `jitterMs` after it arrived; chunks keep their order. */
  | { readonly kind: 'latency'; readonly addMs: number; readonly jitterMs: number }
  /** Bytes leave at most at `rateKBps` (1 KB = 1000 bytes). */
  | { readonly kind: 'bandwidth'; readonly rateKBps: number }
  /**
   * Bytes (and the close) are swallowed; the connection stays open. A
   * connection that lost anything is reset once the blackhole ends: TCP
   * would have retransmitted them, and a stream with a hole in it is not
   * one any protocol can read on.
   */
  | { readonly kind: 'blackhole' }
  /** The close (FIN or reset) reaches the other side `delayMs` late. */
  | { readonly kind: 'slow-close'; readonly delayMs: number };

/**
 * What acts on whole connections: `reset` resets every connection at once
 * and each new one as it arrives; `lost-reply` lets requests through and,
 * at the first byte the server sends back, drops it and resets the
 * connection: the work was done, the caller never hears.
 */
export type LinkMode = 'reset' | 'lost-reply';

/** Everything in effect on a link; an empty state is a plain proxy. */
export interface LinkState {
  readonly up?: Toxic | undefined;
  readonly down?: Toxic | undefined;
  readonly mode?: LinkMode | undefined;
}

/** What a link has seen, summed over its connections since it started. */
export interface LinkCounters {
  /** Connections accepted from clients. */
  accepted: number;
  bytesUp: number;
  bytesDown: number;
  /** Bytes a blackhole swallowed, both directions. */
  swallowedBytes: number;
  /** Connections the link reset: `reset`, a blackhole's end, a peer's reset passed on. */
  resets: number;
  /** Replies `lost-reply` dropped (each one also reset its connection). */
  lostReplies: number;
}

export const zeroCounters = (): LinkCounters => ({
  accepted: 0,
  bytesUp: 0,
  bytesDown: 0,
  swallowedBytes: 0,
  resets: 0,
  lostReplies: 0,
});

/** "latency +50±5 ms down", for logs. */
export function describeState(state: LinkState): string {
  const parts: string[] = [];
  if (state.mode) parts.push(state.mode);
  for (const d of DIRECTIONS) {
    const t = state[d];
    if (!t) continue;
    const what =
      t.kind === 'latency'
        ? `latency +${t.addMs}${t.jitterMs ? `±${t.jitterMs}` : ''} ms`
        : t.kind === 'bandwidth'
          ? `bandwidth ${t.rateKBps} KB/s`
          : t.kind === 'slow-close'
            ? `slow-close ${t.delayMs} ms`
            : 'blackhole';
    parts.push(`${what} ${d}`);
  }
  return parts.join(', ') || 'none';
}
