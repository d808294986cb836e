export { createLogger, type Level, type Logger, type LoggerOptions } from './logger.js';
export {
  Counter,
  Gauge,
  Histogram,
  LATENCY_BUCKETS,
  PROMETHEUS_CONTENT_TYPE,
  Registry,
  type GaugeCollect,
  type Labels,
  type RegistryOptions,
} from './metrics.js';
export {
  startMetricsServer,
  type MetricsServerLimits,
  type MetricsServerOptions,
  type RunningMetricsServer,
} from './metrics-server.js';
export { REDACTED, REDACT_PATHS, redact, redactText } from './redact.js';
export { type RepeatLimit } from './repeat-gate.js';
