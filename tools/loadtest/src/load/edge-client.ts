import { Pool, type Dispatcher } from 'undici';
import { SOLD_OUT_SKU, TEST_CARDS, regularSku, rngFor } from '@lab/domain';
import type { RequestMix } from '../scenario/types.js';

export interface Answer {
  /** HTTP status, or 0 when no answer came (connection refused, reset). */
  readonly status: number;
  readonly orderId?: string;
  /** The error code of the body, or the transport error. */
  readonly reason?: string;
  /** How long the edge's pool kept the checkout waiting for a slot (its Server-Timing), ms. */
  readonly poolWaitMs?: number;
}

const SERVER_TIMING = 'server-timing';
/** The pool's entry of a Server-Timing header: `pool;dur=12.5`. */
const POOL_WAIT = /(?:^|,)\s*pool\s*;\s*dur=([0-9.]+)/;

/** The pool wait a raw header list (name, value, name, value…) carries, if any. */
export function poolWaitOf(
  raw: readonly (Buffer | string)[] | null | undefined,
): number | undefined {
  if (!raw) return undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (String(raw[i]).toLowerCase() !== SERVER_TIMING) continue;
    const match = POOL_WAIT.exec(String(raw[i + 1]));
    if (match) return Number(match[1]);
  }
  return undefined;
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

const CHECKOUT_HEADERS = { 'content-type': 'application/json' };

/** Keep-alive connections to one edge; as many as the workload has requests in flight. */
export class EdgeClient {
  private readonly pool: Pool;

  constructor(
    readonly url: string,
    connections: number,
  ) {
    this.pool = new Pool(url, {
      connections,
      pipelining: 1,
      keepAliveTimeout: 60_000,
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  async checkout(body: string): Promise<Answer> {
    try {
      const res = await this.send(
        { method: 'POST', path: '/checkout', headers: CHECKOUT_HEADERS, body },
        true,
      );
      const text = res.body;
      let parsed: { orderId?: string; error?: string } = {};
      try {
        parsed = JSON.parse(text) as typeof parsed;
      } catch {
        // A non-JSON answer still has a status; the reason says what it was.
        parsed = { error: 'non_json_answer' };
      }
      return {
        status: res.statusCode,
        ...(parsed.orderId ? { orderId: parsed.orderId } : {}),
        ...(parsed.error ? { reason: parsed.error } : {}),
        ...(res.poolWaitMs !== undefined ? { poolWaitMs: res.poolWaitMs } : {}),
      };
    } catch (error) {
      return { status: 0, reason: (error as { code?: string }).code ?? 'transport_error' };
    }
  }

  /** A GET whose body is read and dropped (benchmarks of the tool itself). */
  async get(path: string): Promise<number> {
    try {
      return (await this.send({ method: 'GET', path }, false)).statusCode;
    } catch {
      return 0;
    }
  }

  /**
   * One request through the pool with a bare handler: the status and, if
   * kept, the body as a string. No Readable stream per answer, as
   * `pool.request` makes: the tool's own cost per request is what bounds the
   * rate it can offer.
   */
  private send(
    options: Dispatcher.DispatchOptions,
    keepBody: boolean,
  ): Promise<{ statusCode: number; body: string; poolWaitMs?: number }> {
    return new Promise((resolve, reject) => {
      let statusCode = 0;
      let poolWaitMs: number | undefined;
      const chunks: Buffer[] = [];
      this.pool.dispatch(options, {
        onConnect: () => undefined,
        onHeaders: (status, headers) => {
          statusCode = status;
          if (keepBody) poolWaitMs = poolWaitOf(headers);
          return true;
        },
        onData: (chunk) => {
          if (keepBody) chunks.push(chunk);
          return true;
        },
        onComplete: () =>
          resolve({
            statusCode,
            // A dropped body is not decoded (an empty concat and its string, per answer).
            body: !keepBody
              ? ''
              : chunks.length === 1
                ? chunks[0]!.toString()
                : Buffer.concat(chunks).toString(),
            ...(poolWaitMs !== undefined ? { poolWaitMs } : {}),
          }),
        onError: reject,
      });
    });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
