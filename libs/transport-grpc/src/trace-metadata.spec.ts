import type { Metadata } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { CardDeclinedError } from '@lab/domain';
import { createLogger, startTracingInMemory, withSpan, type InMemoryTracing } from '@lab/telemetry';
import { createServiceClient, type ServiceClient } from './client.js';
import { startGrpcServer, type RunningGrpcServer } from './server.js';

const logger = createLogger('test', { level: 'silent' });
const cardRef = { token: `tok_${'0'.repeat(32)}`, last4: '4242', brand: 'visa' };

let server: RunningGrpcServer | undefined;
let client: ServiceClient<'payment'> | undefined;
let tracing: InMemoryTracing | undefined;
afterEach(async () => {
  client?.close();
  await server?.shutdown(100);
  await tracing?.shutdown();
});

/** A payment server that says what traceparent each call carried, and declines one card. */
async function start(): Promise<string[]> {
  const seen: string[] = [];
  server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    service: 'payment',
    logger,
    methods: {
      ValidatePayment: async (
        req: { cardRef?: { last4: string } },
        call: { metadata: Metadata },
      ) => {
        seen.push(String(call.metadata.get('traceparent')[0] ?? 'none'));
        if (req.cardRef?.last4 === '0002') throw new CardDeclinedError('declined');
        return { cardBrand: 'visa', last4: req.cardRef?.last4 ?? '' };
      },
      Charge: async () => ({ chargeId: 'ch', amountCents: 1 }),
      Refund: async () => ({ refundId: 'rf' }),
    } as never,
  });
  client = createServiceClient('payment', {
    addresses: [`127.0.0.1:${server.port}`],
    deadlineMs: 2000,
    maxAttempts: 1,
  });
  return seen;
}

const validate = (last4 = '4242') =>
  client!.call('ValidatePayment', {
    requestId: 'r',
    orderId: 'o',
    cardRef: { ...cardRef, last4 },
    amountCents: 100,
  });

describe('trace context over gRPC metadata', () => {
  it('sends no traceparent while tracing is off', async () => {
    const seen = await start();
    await validate();
    expect(seen).toEqual(['none']);
  });

  it("makes the server's span a child of the client's, in the caller's trace", async () => {
    tracing = startTracingInMemory();
    const seen = await start();
    await withSpan('POST /checkout', { kind: 'server' }, () => validate());
    const spans = await tracing.spans();
    const byKind = (kind: number) => spans.find((s) => s.kind === kind)!;
    const [serverSpan, clientSpan] = [byKind(1), byKind(2)];
    const edge = spans.find((s) => s.name === 'POST /checkout')!;
    expect(clientSpan.name).toBe('shop.payment.v1.PaymentService/ValidatePayment');
    expect(clientSpan.parentSpanContext?.spanId).toBe(edge.spanContext().spanId);
    expect(serverSpan.name).toBe(clientSpan.name);
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
    expect(serverSpan.spanContext().traceId).toBe(edge.spanContext().traceId);
    expect(seen[0]).toBe(`00-${edge.spanContext().traceId}-${clientSpan.spanContext().spanId}-01`);
    expect(clientSpan.attributes).toMatchObject({
      'rpc.system': 'grpc',
      'rpc.method': 'ValidatePayment',
      'rpc.grpc.status_code': 0,
    });
  });

  it('marks both ends failed with the status a domain error maps to', async () => {
    tracing = startTracingInMemory();
    await start();
    await withSpan('POST /checkout', { kind: 'server' }, () =>
      expect(validate('0002')).rejects.toBeInstanceOf(CardDeclinedError),
    );
    const rpc = (await tracing.spans()).filter((s) => s.name.endsWith('/ValidatePayment'));
    expect(rpc).toHaveLength(2);
    for (const span of rpc) {
      expect(span.status.code).toBe(2);
      expect(span.attributes['error.type']).toBe('card_declined');
      expect(span.attributes['rpc.grpc.status_code']).toBe(9); // FAILED_PRECONDITION
    }
  });
});
