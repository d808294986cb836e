export type { JetStreamClient, JetStreamManager, JsMsg, NatsConnection } from 'nats';
export {
  cheapCancelledErrors,
  connectNats,
  natsConnected,
  type NatsConnectOptions,
} from './connection.js';
export {
  consumerBacklog,
  ensureConsumer,
  ensureStream,
  type ConsumerSpec,
  type StreamSpec,
} from './streams.js';
export {
  publishAcked,
  publishWithRetry,
  type PublishOptions,
  type PublishResult,
  type RetryOptions,
} from './publish.js';
export { startConsumeLoop } from './consume-loop.js';
export type {
  ConsumeLoop,
  ConsumeLoopOptions,
  DeadLetterKind,
  DeliveryInfo,
} from './consume-options.js';
export {
  DEAD_REASON_HEADER,
  SOURCE_SEQUENCE_HEADER,
  SOURCE_SUBJECT_HEADER,
  deadLetterPublisher,
} from './dead-letter.js';
