import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTO_FILES, PROTO_LOADER_OPTIONS } from '@lab/contracts/grpc';
import { TEST_CARDS, regularSku } from '@lab/domain';
import { CardVault } from '@lab/ledger';
import { createServiceClient } from '@lab/transport-grpc';
import { startLab, type Lab } from './support.js';

/**
 * Messages no caller of ours would send, sent straight at the sync stack's
 * payment and inventory servers by a plain gRPC client (no validation of its
 * own): each is refused with INVALID_ARGUMENT naming the field, nothing is
 * written to Redis, and both services go on serving.
 */

type Service = 'payment' | 'inventory';
type Unary = (
  request: unknown,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (error: grpc.ServiceError | null, response: unknown) => void,
) => void;

const DEADLINE_MS = 5_000;
const definition = grpc.loadPackageDefinition(
  protoLoader.loadSync([PROTO_FILES.payment, PROTO_FILES.inventory], PROTO_LOADER_OPTIONS),
) as unknown as {
  shop: {
    payment: { v1: { PaymentService: grpc.ServiceClientConstructor } };
    inventory: { v1: { InventoryService: grpc.ServiceClientConstructor } };
  };
};

const goodRef = { token: `tok_${'0'.repeat(32)}`, last4: '4242', brand: 'visa' };
const charge = {
  requestId: 'raw-1:charge',
  orderId: 'raw-1',
  cardRef: goodRef,
  amountCents: 4999,
  currency: 'EUR',
  idempotencyKey: 'raw-1',
};
const stock = {
  requestId: 'raw-1:reserve',
  orderId: 'raw-1',
  items: [{ sku: regularSku(1), quantity: 1 }],
};

/** [what, service, method, message, the field the refusal must name] */
const MALFORMED: [string, Service, string, Record<string, unknown>, string][] = [
  [
    'a card number of four digits',
    'payment',
    'ValidatePayment',
    { orderId: 'raw-1', amountCents: 100, cardRef: { ...goodRef, token: '4242' } },
    'cardRef.token',
  ],
  [
    'a whole card number for a token',
    'payment',
    'Charge',
    { ...charge, cardRef: { ...goodRef, token: TEST_CARDS.accepted } },
    'cardRef.token',
  ],
  ['no card at all', 'payment', 'Charge', { ...charge, cardRef: null }, 'cardRef'],
  [
    'last4 that is not four digits',
    'payment',
    'Charge',
    { ...charge, cardRef: { ...goodRef, last4: '42a2' } },
    'cardRef.last4',
  ],
  [
    'an unknown card brand',
    'payment',
    'ValidatePayment',
    { orderId: 'raw-1', amountCents: 100, cardRef: { ...goodRef, brand: 'diners' } },
    'cardRef.brand',
  ],
  ['an amount of zero', 'payment', 'Charge', { ...charge, amountCents: 0 }, 'amountCents'],
  ['a negative amount', 'payment', 'Charge', { ...charge, amountCents: -4999 }, 'amountCents'],
  [
    'an amount of 2^62',
    'payment',
    'Charge',
    { ...charge, amountCents: '4611686018427387904' },
    'amountCents',
  ],
  ['an empty order id', 'payment', 'Charge', { ...charge, orderId: '' }, 'orderId'],
  [
    'an empty idempotency key',
    'payment',
    'Charge',
    { ...charge, idempotencyKey: '' },
    'idempotencyKey',
  ],
  ['an unknown currency', 'payment', 'Charge', { ...charge, currency: 'XYZ' }, 'currency'],
  ['no currency', 'payment', 'Charge', { ...charge, currency: '' }, 'currency'],
  ['an order id with spaces', 'payment', 'Refund', { orderId: 'raw 1', reason: 'test' }, 'orderId'],
  ['an empty order id to refund', 'payment', 'Refund', { orderId: '', reason: 'test' }, 'orderId'],
  ['a negative refund', 'payment', 'Refund', { orderId: 'raw-1', amountCents: -1 }, 'amountCents'],
  [
    'a negative quantity',
    'inventory',
    'Reserve',
    { ...stock, items: [{ sku: regularSku(1), quantity: -3 }] },
    'items[0].quantity',
  ],
  [
    'a quantity of zero',
    'inventory',
    'Reserve',
    { ...stock, items: [{ sku: regularSku(1), quantity: 0 }] },
    'items[0].quantity',
  ],
  [
    'too many units',
    'inventory',
    'Reserve',
    { ...stock, items: [{ sku: regularSku(1), quantity: 1000 }] },
    'items[0].quantity',
  ],
  ['an empty item list', 'inventory', 'Reserve', { ...stock, items: [] }, 'items'],
  ['an empty item list to check', 'inventory', 'CheckStock', { ...stock, items: [] }, 'items'],
  [
    'too many lines',
    'inventory',
    'CheckStock',
    { ...stock, items: Array(51).fill(stock.items[0]) },
    'items',
  ],
  [
    'a SKU of no catalog',
    'inventory',
    'Reserve',
    { ...stock, items: [{ sku: 'sku-1; DROP', quantity: 1 }] },
    'items[0].sku',
  ],
  [
    'an empty SKU',
    'inventory',
    'CheckStock',
    { ...stock, items: [{ sku: '', quantity: 1 }] },
    'items[0].sku',
  ],
  ['an empty order id to reserve', 'inventory', 'Reserve', { ...stock, orderId: '' }, 'orderId'],
  [
    'an overlong order id',
    'inventory',
    'Reserve',
    { ...stock, orderId: 'o'.repeat(500) },
    'orderId',
  ],
  ['an empty order id to release', 'inventory', 'Release', { orderId: '' }, 'orderId'],
];

let lab: Lab;
let vaultRedis: Redis;
const clients = new Map<Service, grpc.Client>();

function call(service: Service, method: string, request: unknown) {
  const client = clients.get(service)! as unknown as Record<string, Unary>;
  return new Promise<{ error: grpc.ServiceError | null; response: unknown }>((resolve) =>
    client[method]!.call(
      client,
      request,
      new grpc.Metadata(),
      { deadline: Date.now() + DEADLINE_MS },
      (error, response) => resolve({ error, response }),
    ),
  );
}

/** Every key in Redis with its value's digest: a new key or a changed one shows. */
async function snapshot(redis: Redis): Promise<Map<string, string>> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  const digests = await Promise.all(
    keys.map(async (k) => (await redis.dumpBuffer(k))?.toString('hex') ?? ''),
  );
  return new Map(keys.map((k, i) => [k, digests[i]!]));
}

async function health(service: Service): Promise<string> {
  const port = lab.stack.env[`LAB_SYNC_${service.toUpperCase()}_PORT`];
  const client = createServiceClient(service, {
    addresses: [`127.0.0.1:${port}`],
    deadlineMs: DEADLINE_MS,
    maxAttempts: 1,
  });
  try {
    return await client.health();
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  lab = await startLab('sync');
  const address = (s: Service) => `127.0.0.1:${lab.stack.env[`LAB_SYNC_${s.toUpperCase()}_PORT`]}`;
  const { PaymentService } = definition.shop.payment.v1;
  const { InventoryService } = definition.shop.inventory.v1;
  clients.set('payment', new PaymentService(address('payment'), grpc.credentials.createInsecure()));
  clients.set(
    'inventory',
    new InventoryService(address('inventory'), grpc.credentials.createInsecure()),
  );
  vaultRedis = new Redis(lab.brokers.vault!.url);
}, 60_000);

afterAll(async () => {
  for (const client of clients.values()) client.close();
  vaultRedis?.disconnect();
  await lab?.stop();
});

describe('malformed gRPC messages, sent raw to payment and inventory', () => {
  it('answers a well-formed message OK, so the client speaks to the right servers', async () => {
    const { token, last4, brand } = await new CardVault(vaultRedis, 60_000).tokenize({
      number: TEST_CARDS.accepted,
      expiry: '12/30',
      cvc: '123',
    });
    const validated = await call('payment', 'ValidatePayment', {
      orderId: 'raw-ok',
      amountCents: 100,
      cardRef: { token, last4, brand },
    });
    expect(validated.error).toBeNull();
    expect(validated.response).toEqual({ cardBrand: 'visa', last4: '4242' });
    const checked = await call('inventory', 'CheckStock', stock);
    expect(checked.error).toBeNull();
    expect(checked.response).toMatchObject({ available: true });
  });

  it(`refuses each of ${MALFORMED.length} malformed messages with INVALID_ARGUMENT, writes nothing, and keeps serving`, async () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(15);
    const before = await snapshot(lab.redis);
    const vaultBefore = await snapshot(vaultRedis);
    const answers = [];
    for (const [what, service, method, message, field] of MALFORMED) {
      const { error, response } = await call(service, method, message);
      answers.push({
        what,
        code: error?.code,
        namesField: error?.details.includes(`${field}:`) ?? false,
        details: error?.details,
        response,
      });
    }
    expect(answers.filter((a) => a.code !== grpc.status.INVALID_ARGUMENT || !a.namesField)).toEqual(
      [],
    );
    expect(await snapshot(lab.redis)).toEqual(before);
    expect(await snapshot(vaultRedis)).toEqual(vaultBefore);
    expect(await health('payment')).toBe('SERVING');
    expect(await health('inventory')).toBe('SERVING');
    expect(lab.stack.app('sync-payment').running).toBe(true);
    expect(lab.stack.app('sync-inventory').running).toBe(true);
  }, 60_000);
});
