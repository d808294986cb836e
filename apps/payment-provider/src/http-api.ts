import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { validateCard } from '@lab/domain';
import type { Logger } from '@lab/telemetry';
import type { Deliverer } from './deliveries.js';
import {
  ProviderConflict,
  publicCharge,
  type ChargeRequest,
  type PaymentProvider,
} from './provider.js';

export interface ApiLimits {
  readonly bodyLimitBytes: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

/** A request the API refuses, naming what is wrong. */
class BadRequest extends Error {
  constructor(
    readonly status: number,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const KEY = /^[A-Za-z0-9:_.-]{1,200}$/;
const ACCOUNT = /^[a-z][a-z0-9-]{0,31}$/;
const CHARGE_ID = /^ch_[0-9a-f]{24}$/;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function need(ok: boolean, field: string, message: string): asserts ok {
  if (!ok) throw new BadRequest(400, field, `${field}: ${message}`);
}

async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json'))
    throw new BadRequest(415, 'content-type', 'content-type: must be application/json');
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Past the limit the rest is read and dropped, so the 413 reaches the client.
      chunks.length = 0;
    });
    req.on('end', () =>
      size > limit
        ? reject(new BadRequest(413, 'body', `body: larger than ${String(limit)} bytes`))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new BadRequest(400, 'body', 'body: not valid JSON');
  }
  need(isRecord(value), 'body', 'must be a JSON object');
  return value;
}

/** Checks a charge request; the first problem, by field, is the answer. */
export function chargeRequestOf(
  body: Record<string, unknown>,
  idempotencyKey: string | undefined,
  now: Date,
): ChargeRequest {
  need(idempotencyKey !== undefined, 'Idempotency-Key', 'the header is required');
  need(KEY.test(idempotencyKey), 'Idempotency-Key', 'letters, digits and :_.- only, 1 to 200');
  const { account, orderId, amountCents, currency, card } = body;
  need(typeof account === 'string' && ACCOUNT.test(account), 'account', 'must be an account name');
  need(typeof orderId === 'string' && KEY.test(orderId), 'orderId', 'must be an order id');
  need(
    Number.isSafeInteger(amountCents) && (amountCents as number) > 0,
    'amountCents',
    'must be a positive integer',
  );
  need(typeof currency === 'string' && /^[A-Z]{3}$/.test(currency), 'currency', 'must be ISO 4217');
  need(isRecord(card), 'card', 'must be an object with number and expiry');
  const { number, expiry } = card;
  need(typeof number === 'string', 'card.number', 'must be a string of digits');
  need(
    typeof expiry === 'string' && /^(0[1-9]|1[0-2])\/\d{2}$/.test(expiry),
    'card.expiry',
    'must be MM/YY',
  );
  const issue = validateCard({ number, expiry }, now)[0];
  need(issue === undefined, issue?.path ?? 'card', issue?.message ?? '');
  return {
    account,
    idempotencyKey,
    orderId,
    amountCents: amountCents as number,
    currency,
    card: { number },
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * The provider's HTTP API: create a charge (`Idempotency-Key` required),
 * refund one, read one, register an account's webhook URL, and its health
 * and delivery counts. Bad input is a 4xx naming the field, with no effect.
 */
export function createApi(
  provider: PaymentProvider,
  deliverer: Deliverer,
  limits: ApiLimits,
  logger: Logger,
): Server {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://provider');
    const path = url.pathname;
    const chargePath = /^\/v1\/charges\/([^/]+)(\/refund)?$/.exec(path);
    if (req.method === 'GET' && path === '/healthz') return reply(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/v1/stats') {
      const { charges, refunds } = provider.pending();
      return reply(res, 200, {
        ...provider.state.stats,
        pendingDeliveries: deliverer.pending(),
        pendingCharges: charges,
        pendingRefunds: refunds,
      });
    }
    if (req.method === 'POST' && path === '/v1/charges') {
      const body = await readJson(req, limits.bodyLimitBytes);
      const key = req.headers['idempotency-key'];
      const request = chargeRequestOf(body, Array.isArray(key) ? key[0] : key, new Date());
      const charge = await provider.create(request);
      return reply(res, 200, publicCharge(charge));
    }
    if (req.method === 'POST' && path === '/v1/webhook_endpoints') {
      const body = await readJson(req, limits.bodyLimitBytes);
      const { account, url: hook } = body;
      need(
        typeof account === 'string' && ACCOUNT.test(account),
        'account',
        'must be an account name',
      );
      need(
        typeof hook === 'string' && /^https?:\/\/[^\s]+$/.test(hook),
        'url',
        'must be an http(s) URL',
      );
      await provider.register(account, hook);
      return reply(res, 200, { account, url: hook });
    }
    if (chargePath) {
      const id = chargePath[1]!;
      const refund = chargePath[2] !== undefined;
      if (!CHARGE_ID.test(id)) throw new BadRequest(400, 'id', `id: ${id} is not a charge id`);
      if (refund && req.method !== 'POST') throw new BadRequest(405, 'method', 'refund is a POST');
      if (!refund && req.method !== 'GET')
        throw new BadRequest(405, 'method', 'a charge is read with GET');
      const charge = refund ? await provider.refund(id) : provider.get(id);
      if (!charge) throw new BadRequest(404, 'id', `no charge ${id}`);
      return reply(res, 200, publicCharge(charge));
    }
    throw new BadRequest(404, 'path', `no route ${req.method ?? ''} ${path}`);
  };
  const server = createServer(
    { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs },
    (req, res) => {
      route(req, res).catch((error: unknown) => {
        if (error instanceof BadRequest)
          return reply(res, error.status, { error: error.message, field: error.field });
        if (error instanceof ProviderConflict) return reply(res, 409, { error: error.message });
        logger.error('provider request failed', { err: error });
        if (!res.headersSent) reply(res, 503, { error: 'the provider could not save it; retry' });
      });
    },
  );
  server.on('clientError', (_error, socket) => socket.destroy());
  return server;
}
