import { afterEach, describe, expect, it } from 'vitest';
import {
  CardDeclinedError,
  DeadlineExceededError,
  DependencyUnavailableError,
  InternalError,
  OutOfStockError,
} from '@lab/domain';
import { Registry, createLogger } from '@lab/telemetry';
import { freePort } from '@lab/brokers';
import { createServiceClient, serviceConfig, targetFor, type ServiceClient } from './client.js';
import { startGrpcServer, type RunningGrpcServer } from './server.js';
import type { ServiceImplementation } from './methods.js';

const logger = createLogger('test', { level: 'silent' });
const servers: RunningGrpcServer[] = [];
const clients: ServiceClient<'payment' | 'inventory'>[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await Promise.all(servers.splice(0).map((s) => s.shutdown(100)));
});

const cardRef = { token: `tok_${'0'.repeat(32)}`, last4: '4242', brand: 'visa' };

function payment(
  overrides: Partial<ServiceImplementation<'payment'>> = {},
  hits?: string[],
  name = 'a',
) {
  const methods: ServiceImplementation<'payment'> = {
    ValidatePayment: async (req) => ({
      cardBrand: 'visa',
      last4: req.cardRef?.last4 ?? '',
    }),
    Charge: async (req) => {
      hits?.push(name);
      return { chargeId: `ch_${req.idempotencyKey}`, amountCents: req.amountCents };
    },
    Refund: async () => ({ refundId: 'rf' }),
    ...overrides,
  };
  return methods;
}

async function serve(
  methods: ServiceImplementation<'payment'>,
  registry?: Registry,
): Promise<RunningGrpcServer> {
  const s = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    service: 'payment',
    methods,
    logger,
    ...(registry ? { registry } : {}),
  });
  servers.push(s);
  return s;
}

function client(ports: number[], deadlineMs = 2000) {
  const c = createServiceClient('payment', {
    addresses: ports.map((p) => `127.0.0.1:${p}`),
    deadlineMs,
    maxAttempts: 3,
  });
  clients.push(c);
  return c;
}

describe('gRPC transport', () => {
  it('calls a method and decodes the response with every field', async () => {
    const s = await serve(payment());
    const c = client([s.port]);
    const res = await c.call('Charge', {
      requestId: 'r',
      orderId: 'o',
      cardRef,
      amountCents: 1234,
      currency: 'EUR',
      idempotencyKey: 'k',
    });
    expect(res).toEqual({ chargeId: 'ch_k', amountCents: 1234 });
    expect(await c.health()).toBe('SERVING');
  });

  it('carries domain errors across the wire with their codes', async () => {
    const registry = new Registry();
    const s = await serve(
      payment({
        Charge: async () => {
          throw new CardDeclinedError('test card declined');
        },
        ValidatePayment: async () => {
          throw new OutOfStockError(['A', 'B']);
        },
        Refund: async () => {
          throw new TypeError('a bug');
        },
      }),
      registry,
    );
    const c = client([s.port]);
    const charge = c.call('Charge', { orderId: 'o', cardRef, amountCents: 1 });
    await expect(charge).rejects.toBeInstanceOf(CardDeclinedError);
    await expect(charge).rejects.toThrow('test card declined');
    const validate = c.call('ValidatePayment', { orderId: 'o', cardRef });
    await expect(validate).rejects.toBeInstanceOf(OutOfStockError);
    await expect(validate.catch((e: OutOfStockError) => e.skus)).resolves.toEqual(['A', 'B']);
    await expect(c.call('Refund', { orderId: 'o' })).rejects.toBeInstanceOf(InternalError);
    // Timed by method and gRPC status name, as Prometheus users expect to query them.
    const metrics = await registry.render();
    for (const [method, code] of [
      ['Charge', 'FAILED_PRECONDITION'],
      ['ValidatePayment', 'FAILED_PRECONDITION'],
      ['Refund', 'INTERNAL'],
    ])
      expect(metrics).toContain(
        `lab_grpc_server_duration_seconds_count{method="${method}",code="${code}"} 1`,
      );
  });

  it('gives up at the deadline', async () => {
    let release!: () => void;
    const s = await serve(
      payment({
        Charge: () => new Promise((r) => (release = () => r({ chargeId: 'late', amountCents: 0 }))),
      }),
    );
    const c = client([s.port], 100);
    const started = Date.now();
    await expect(c.call('Charge', { orderId: 'o' })).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - started).toBeLessThan(1000);
    release();
  });

  it('says the dependency is unavailable when nothing listens', async () => {
    const c = client([await freePort()], 1500);
    const error = await c.call('Charge', { orderId: 'o' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect((error as Error).message).toMatch(/^payment\.Charge is unavailable/);
    expect(await c.health(300)).toMatch(/^unreachable/);
  });

  it('balances calls over replicas round-robin', async () => {
    const hits: string[] = [];
    const a = await serve(payment({}, hits, 'a'));
    const b = await serve(payment({}, hits, 'b'));
    const c = client([a.port, b.port]);
    for (let i = 0; i < 10; i++)
      await c.call('Charge', { orderId: `o${i}`, idempotencyKey: `k${i}` });
    expect(hits.filter((h) => h === 'a').length).toBeGreaterThanOrEqual(3);
    expect(hits.filter((h) => h === 'b').length).toBeGreaterThanOrEqual(3);
  });

  it('forces shutdown when a call outlives the grace period', async () => {
    const s = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      service: 'payment',
      methods: payment({ Charge: () => new Promise(() => undefined) }),
      logger,
    });
    const c = client([s.port], 5000);
    const pending = c.call('Charge', { orderId: 'o' }).catch((e: unknown) => e);
    await expect(c.call('Refund', { orderId: 'o' })).resolves.toEqual({ refundId: 'rf' });
    const started = Date.now();
    await s.shutdown(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(DependencyUnavailableError);
  });
});

describe('client configuration', () => {
  it('targets replicas by IPv4 list or one DNS name', () => {
    expect(targetFor(['127.0.0.1:1', '127.0.0.1:2'])).toBe('ipv4:127.0.0.1:1,127.0.0.1:2');
    expect(targetFor(['localhost:1'])).toBe('dns:localhost:1');
    expect(() => targetFor(['a:1', 'b:2'])).toThrow(/IPv4/);
  });

  it('retries only the listed idempotent methods, only on UNAVAILABLE', () => {
    const config = JSON.parse(serviceConfig('inventory', 3));
    expect(config.loadBalancingConfig).toEqual([{ round_robin: {} }]);
    expect(config.methodConfig[0].name.map((n: { method: string }) => n.method)).toEqual([
      'CheckStock',
      'Reserve',
      'Release',
    ]);
    expect(config.methodConfig[0].retryPolicy.retryableStatusCodes).toEqual(['UNAVAILABLE']);
    expect(JSON.parse(serviceConfig('inventory', 1)).methodConfig).toEqual([]);
  });
});
