/**
 * The far end of the transport benchmark, in its own process as every
 * service of the stacks is: a gRPC server of the payment service whose
 * handlers do nothing, a NATS responder that echoes, and on request a
 * JetStream consumer or a BullMQ worker that acks/completes without work.
 * Started by transport-benchmark.ts with an IPC channel; it prints one line,
 * `peer ready <json>`, with its ports.
 */
import * as grpc from '@grpc/grpc-js';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { serviceOf } from '@lab/transport-grpc';
import { cheapCancelledErrors } from '@lab/transport-nats';

interface Command {
  readonly id: string;
  readonly type: 'consume' | 'process';
  /** consume: the stream; process: the queue. */
  readonly name: string;
  readonly count: number;
  readonly concurrency: number;
  readonly prefix?: string;
}

const natsUrl = process.env['NATS_URL'];
const redisUrl = process.env['REDIS_URL'];
if (!natsUrl || !redisUrl) {
  console.error('transport-peer needs NATS_URL and REDIS_URL');
  process.exit(2);
}

const server = new grpc.Server();
server.addService(serviceOf('payment').service, {
  ValidatePayment: (
    _call: unknown,
    callback: (e: null, r: { cardBrand: string; last4: string }) => void,
  ) => callback(null, { cardBrand: 'visa', last4: '4242' }),
  Charge: (
    call: grpc.ServerUnaryCall<{ amountCents: string }, unknown>,
    callback: grpc.sendUnaryData<unknown>,
  ) => callback(null, { chargeId: 'ch_1', amountCents: call.request.amountCents }),
  Refund: (_call: unknown, callback: grpc.sendUnaryData<unknown>) =>
    callback(null, { refundId: 're_1' }),
});
const grpcPort = await new Promise<number>((resolve, reject) =>
  server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, port) =>
    e ? reject(e) : resolve(port),
  ),
);

// The stacks' client options (libs/transport-nats): the reference is tuned as they are.
cheapCancelledErrors();
const nc: NatsConnection = await connect({
  servers: natsUrl,
  name: 'transport-peer',
  noAsyncTraces: true,
});
nc.subscribe('transport.echo', { callback: (_e, msg) => msg.respond(msg.data) });
await nc.flush();

/**
 * Pulls `count` messages of the durable consumer `peer`, acking each and
 * waiting for the server to confirm the ack, as the stacks' consume loop does;
 * at most `concurrency` acks outstanding.
 */
async function consume(c: Command): Promise<number> {
  const consumer = await nc.jetstream().consumers.get(c.name, 'peer');
  const started = performance.now();
  const messages = await consumer.consume({ max_messages: c.concurrency });
  let done = 0;
  let running = 0;
  let slotFreed: () => void = () => undefined;
  for await (const m of messages) {
    if (running >= c.concurrency) await new Promise<void>((r) => (slotFreed = r));
    running++;
    void m.ackAck().finally(() => {
      running--;
      done++;
      slotFreed();
    });
    if (done + running >= c.count) break;
  }
  while (done < c.count) await new Promise<void>((r) => (slotFreed = r));
  // Leaving the loop stopped the subscription (close() would then wait forever).
  return performance.now() - started;
}

/** Runs `count` jobs of a queue with a handler that does nothing. */
async function processJobs(c: Command): Promise<number> {
  let done = 0;
  let allDone: () => void = () => undefined;
  const finished = new Promise<void>((r) => (allDone = r));
  const connection = new Redis(redisUrl!, { maxRetriesPerRequest: null });
  const worker = new Worker(c.name, async () => null, {
    connection,
    prefix: c.prefix ?? 'bull',
    concurrency: c.concurrency,
    autorun: false,
  });
  worker.on('completed', () => {
    if (++done >= c.count) allDone();
  });
  const started = performance.now();
  void worker.run();
  await finished;
  const ms = performance.now() - started;
  await worker.close();
  connection.disconnect();
  return ms;
}

process.on('message', (raw: unknown) => {
  const c = raw as Command;
  const work = c.type === 'consume' ? consume(c) : processJobs(c);
  work.then(
    (ms) => process.send!({ id: c.id, ok: true, ms }),
    (error: unknown) => process.send!({ id: c.id, ok: false, error: String(error) }),
  );
});
process.channel?.unref();
process.on('disconnect', () => process.exit(0));
const stop = () => {
  server.forceShutdown();
  void nc.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
console.log(`peer ready ${JSON.stringify({ grpcPort })}`);
