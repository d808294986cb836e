import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { startTracing } from './tracing.js';

/** A span as an exporter receives it. */
export type FinishedSpan = ReadableSpan;

export interface InMemoryTracing {
  /** Every span finished so far, oldest first (flushed from the batch first). */
  spans(): Promise<FinishedSpan[]>;
  shutdown(): Promise<void>;
}

/**
 * Tracing on, with every span kept in memory instead of exported: what the
 * specs of the libraries that emit spans check them with.
 */
export function startTracingInMemory(serviceName = 'test'): InMemoryTracing {
  const exporter = new InMemorySpanExporter();
  const tracing = startTracing(
    {
      mode: 'otlp',
      endpoint: 'http://127.0.0.1:1',
      sampleRatio: 1,
      // Flushed by spans(); no timer exports on its own during a test.
      exportDelayMs: 3_600_000,
      queueSize: 100_000,
      batchSize: 1_000,
      exportTimeoutMs: 1_000,
    },
    { serviceName, exporter },
  );
  return {
    spans: async () => {
      await tracing.flush();
      return exporter.getFinishedSpans();
    },
    shutdown: () => tracing.shutdown(),
  };
}
