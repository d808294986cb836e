export { createLogger, type Level, type Logger, type LoggerOptions } from './logger.js';
export {
  Counter,
  Gauge,
  Histogram,
  LATENCY_BUCKETS,
  PROMETHEUS_CONTENT_TYPE,
  Registry,
} from './metrics.js';
export { REDACTED, redact, redactText } from './redact.js';
