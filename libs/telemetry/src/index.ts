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
export {
  SPAN_ATTRIBUTES,
  annotateActiveSpan,
  currentTraceparent,
  injectTrace,
  recordSpan,
  startSpan,
  traceparentCarrier,
  tracingActive,
  withSpan,
  type LabSpan,
  type SpanAttributes,
  type SpanKindName,
  type SpanOptions,
  type TraceGetter,
  type TraceSetter,
} from './spans.js';
export {
  OTLP_TRACES_PATH,
  startTracing,
  type Tracing,
  type TracingMode,
  type TracingOptions,
  type TracingSettings,
} from './tracing.js';
export { startTracingInMemory, type FinishedSpan, type InMemoryTracing } from './tracing-memory.js';
