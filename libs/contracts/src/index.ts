export {
  ORDER_EVENT_TYPES,
  JOB_KINDS,
  bullPrefix,
  effectJobId,
  natsNames,
  queueName,
  redisKeys,
  type JobKind,
  type NatsNames,
  type OrderEventType,
  type RedisKeys,
} from './names.js';
export {
  EVENT_VERSION,
  PoisonMessageError,
  decodeEvent,
  encodeEvent,
  eventMessageId,
  type OrderEvent,
  type OrderSnapshot,
} from './events.js';
