import { setTimeout as sleep } from 'node:timers/promises';
import {
  AckPolicy,
  ErrorCode,
  DeliverPolicy,
  NatsError,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamManager,
} from 'nats';

export interface StreamSpec {
  readonly name: string;
  /** Subjects (wildcards allowed) whose publishes the stream stores. */
  readonly subjects: readonly string[];
  /** How long a Nats-Msg-Id is remembered for deduplication; default 2 minutes. */
  readonly duplicateWindowMs?: number;
  /**
   * Nodes of a cluster holding a copy (R); 1 unless given. Its consumers
   * take the stream's replicas (the server's default), so they survive as it does.
   */
  readonly replicas?: number;
}

export interface ConsumerSpec {
  readonly stream: string;
  /** The durable name: replicas of a service share one consumer and split its messages. */
  readonly durable: string;
  readonly filterSubject: string;
  /** A delivery not acked within this time is delivered again. */
  readonly ackWaitMs: number;
  /** Deliveries, the first included, before the server gives up on a message. */
  readonly maxDeliver: number;
  /** Unacked deliveries the server allows at once, over all replicas; default 1000. */
  readonly maxAckPending?: number;
}

const DEFAULT_DUPLICATE_WINDOW_MS = 2 * 60_000;
const DEFAULT_MAX_ACK_PENDING = 1000;

/** JetStream API error codes (nats-server's NewJS*Error identifiers). */
const JS_STREAM_NOT_FOUND = 10059;
const JS_CONSUMER_NOT_FOUND = 10014;

function hasApiErrorCode(error: unknown, errCode: number): boolean {
  return error instanceof NatsError && error.jsError()?.err_code === errCode;
}

/**
 * How long set-up keeps trying a JetStream API call that timed out or found
 * JetStream not ready: a cluster answers them through its meta leader, which
 * may be busy (every service of a stack sets up at once) or being elected.
 */
const SETUP_RETRY_FOR_MS = 30_000;
const SETUP_RETRY_PAUSE_MS = 250;
/** JetStream not ready yet (no meta leader, a stream being moved): worth another try. */
const JS_CLUSTER_NOT_AVAILABLE = 10008;

function isTransientSetupError(error: unknown): boolean {
  if (!(error instanceof NatsError)) return false;
  return (
    error.code === ErrorCode.Timeout ||
    error.code === ErrorCode.NoResponders ||
    hasApiErrorCode(error, JS_CLUSTER_NOT_AVAILABLE)
  );
}

async function patiently<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SETUP_RETRY_FOR_MS;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!isTransientSetupError(error) || Date.now() > deadline) throw error;
      await sleep(SETUP_RETRY_PAUSE_MS);
    }
  }
}

/**
 * Creates the stream (file storage, limits retention) or updates it to `spec`;
 * idempotent, so every service may call it at start-up.
 */
export function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  return patiently(() => ensureStreamOnce(jsm, spec));
}

async function ensureStreamOnce(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const config = {
    subjects: [...spec.subjects],
    duplicate_window: nanos(spec.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS),
    num_replicas: spec.replicas ?? 1,
  };
  try {
    // update() merges into the current config, so settings made elsewhere survive.
    await jsm.streams.update(spec.name, config);
  } catch (error) {
    if (!hasApiErrorCode(error, JS_STREAM_NOT_FOUND)) throw error;
    // A replica racing us to create it is fine: the server accepts an identical create.
    await jsm.streams.add({
      name: spec.name,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      ...config,
    });
  }
}

/**
 * Creates (or updates) a durable pull consumer with explicit acks that starts
 * at the beginning of the stream; idempotent. Replicas of a service share it.
 */
export function ensureConsumer(jsm: JetStreamManager, spec: ConsumerSpec): Promise<void> {
  return patiently(() => ensureConsumerOnce(jsm, spec));
}

async function ensureConsumerOnce(jsm: JetStreamManager, spec: ConsumerSpec): Promise<void> {
  const changeable = {
    filter_subject: spec.filterSubject,
    ack_wait: nanos(spec.ackWaitMs),
    max_deliver: spec.maxDeliver,
    max_ack_pending: spec.maxAckPending ?? DEFAULT_MAX_ACK_PENDING,
  };
  try {
    await jsm.consumers.update(spec.stream, spec.durable, changeable);
  } catch (error) {
    if (!hasApiErrorCode(error, JS_CONSUMER_NOT_FOUND)) throw error;
    await jsm.consumers.add(spec.stream, {
      durable_name: spec.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ...changeable,
    });
  }
}

/** For backlog charts: not yet delivered, delivered but unacked, and redelivered counts. */
export async function consumerBacklog(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): Promise<{ pending: number; ackPending: number; redelivered: number }> {
  const info = await jsm.consumers.info(stream, durable);
  return {
    pending: info.num_pending,
    ackPending: info.num_ack_pending,
    redelivered: info.num_redelivered,
  };
}
