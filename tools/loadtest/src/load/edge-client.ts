import { SOLD_OUT_SKU, TEST_CARDS, regularSku, rngFor } from '@lab/domain';
import type { RequestMix } from '../scenario/types.js';
import { Http1Pool } from './http1-pool.js';

export interface Answer {
  /** HTTP status, or 0 when no answer came (connection refused, reset). */
  readonly status: number;
  readonly orderId?: string;
  /** The error code of the body, or the transport error. */
  readonly reason?: string;
  /** How long the edge's pool kept the checkout waiting for a slot (its Server-Timing), ms. */
  readonly poolWaitMs?: number;
}

/** The pool's entry of a Server-Timing header: `pool;dur=12.5`. */
const POOL_WAIT = /(?:^|,)\s*pool\s*;\s*dur=([0-9.]+)/;

/** The pool wait a Server-Timing header's value carries, if any. */
export function poolWaitOf(serverTiming: string | undefined): number | undefined {
  const match = serverTiming === undefined ? null : POOL_WAIT.exec(serverTiming);
  return match ? Number(match[1]) : undefined;
}

/** Refuses targets off this machine unless told otherwise: the lab is no traffic generator for others. */
export function checkTarget(url: string, allowRemote: boolean): void {
  const host = new URL(url).hostname;
  const loopback =
    host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host);
  if (!loopback && !allowRemote) {
    throw new Error(
      `refusing to load ${url}: not a loopback address (pass --allow-remote to load another machine)`,
    );
  }
}

/** A checkout body for request `index` of a run: the mix is drawn from the run's seed. */
export function checkoutBody(
  index: number,
  mix: RequestMix,
  seed: number,
  catalogSize: number,
): string {
  const draw = rngFor(seed, 'mix', String(index))();
  const declined = mix.declined ?? 0;
  const outOfStock = mix.outOfStock ?? 0;
  const sku =
    draw >= declined && draw < declined + outOfStock
      ? SOLD_OUT_SKU
      : regularSku(1 + (index % catalogSize));
  const card = draw < declined ? TEST_CARDS.declined : TEST_CARDS.accepted;
  return JSON.stringify({
    customerId: `lt-${index % 1000}`,
    email: `lt-${index % 1000}@example.com`,
    items: [{ sku, quantity: 1 }],
    card: { number: card, expiry: '12/30', cvc: '123' },
  });
}

const JSON_TYPE = 'application/json';

/**
 * Keep-alive connections to one edge; as many as the workload has requests
 * in flight. The load tool's own HTTP/1.1 client (http1-pool.ts): the tool's
 * CPU per request bounds the rate it can offer, and is taken from the stack
 * it measures on a shared machine.
 */
export class EdgeClient {
  private readonly pool: Http1Pool;

  constructor(
    readonly url: string,
    connections: number,
  ) {
    this.pool = new Http1Pool(url, connections);
  }

  async checkout(body: string): Promise<Answer> {
    try {
      const res = await this.pool.post('/checkout', JSON_TYPE, body);
      let parsed: { orderId?: string; error?: string } = {};
      try {
        parsed = JSON.parse(res.body) as typeof parsed;
      } catch {
        // A non-JSON answer still has a status; the reason says what it was.
        parsed = { error: 'non_json_answer' };
      }
      const poolWaitMs = poolWaitOf(res.serverTiming);
      return {
        status: res.status,
        ...(parsed.orderId ? { orderId: parsed.orderId } : {}),
        ...(parsed.error ? { reason: parsed.error } : {}),
        ...(poolWaitMs !== undefined ? { poolWaitMs } : {}),
      };
    } catch (error) {
      return { status: 0, reason: (error as { code?: string }).code ?? 'transport_error' };
    }
  }

  /** A GET whose body is read and dropped (benchmarks of the tool itself). */
  async get(path: string): Promise<number> {
    try {
      return (await this.pool.get(path)).status;
    } catch {
      return 0;
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
