import { context, propagation, trace, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { setTracingActive } from './spans.js';

/** `off`: the no-op API; `otlp`: spans exported over OTLP/HTTP (JSON). */
export type TracingMode = 'off' | 'otlp';

/** What a process needs to trace (the `tracing` part of the lab's config). */
export interface TracingSettings {
  readonly mode: TracingMode;
  /** OTLP/HTTP base endpoint, e.g. http://127.0.0.1:4318; spans go to `<endpoint>/v1/traces`. */
  readonly endpoint: string;
  /** Share of new traces recorded, 0 to 1; a span with a parent follows its parent's decision. */
  readonly sampleRatio: number;
  /** Longest a finished span waits in the batch before it is exported. */
  readonly exportDelayMs: number;
  /** Spans waiting for export at most; past it new spans are dropped, never the process slowed. */
  readonly queueSize: number;
  /** Spans per export request. */
  readonly batchSize: number;
  /** Longest one export request may take. */
  readonly exportTimeoutMs: number;
}

export interface TracingOptions {
  /** The resource's service.name: `<stack>-<service>`. */
  readonly serviceName: string;
  /** Where spans go instead of OTLP (tests). */
  readonly exporter?: SpanExporter;
}

/** A process's tracing, as started: flushed and shut down with the process. */
export interface Tracing {
  readonly enabled: boolean;
  /** Exports every finished span now. */
  flush(): Promise<void>;
  /** Exports what is left and stops; the API is a no-op again afterwards. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = {
  enabled: false,
  flush: async () => undefined,
  shutdown: async () => undefined,
};

/** The path OTLP/HTTP receivers take traces on. */
export const OTLP_TRACES_PATH = '/v1/traces';

/**
 * Roots of a trace are sampled only where an order's work begins: a request
 * at a server (the edge) or a message that arrived with no context. The
 * housekeeping loops of a process (BullMQ's job fetches and stalled checks,
 * the outbox relay's scans, the settler) start no trace of their own, so
 * the spans exported are the orders' spans.
 */
class OrderRootSampler implements Sampler {
  private readonly ratio: TraceIdRatioBasedSampler;

  constructor(ratio: number) {
    this.ratio = new TraceIdRatioBasedSampler(ratio);
  }

  shouldSample(...[ctx, traceId, , kind]: Parameters<Sampler['shouldSample']>) {
    if (kind !== SpanKind.SERVER && kind !== SpanKind.CONSUMER)
      return { decision: SamplingDecision.NOT_RECORD };
    return this.ratio.shouldSample(ctx, traceId);
  }

  toString(): string {
    return `OrderRootSampler{${this.ratio.toString()}}`;
  }
}

let running: { provider: TracerProvider; contextManager: AsyncLocalStorageContextManager } | null =
  null;

/**
 * Starts tracing for this process when the settings ask for it: a tracer
 * provider with AsyncLocalStorage context, W3C trace context propagation, a
 * batch span processor and the OTLP/HTTP exporter. When off, nothing is
 * registered and every span helper of this library is one check of a flag.
 */
export function startTracing(settings: TracingSettings, options: TracingOptions): Tracing {
  if (settings.mode === 'off') return OFF;
  if (running) throw new Error('tracing is already started in this process');
  const exporter =
    options.exporter ??
    new OTLPTraceExporter({
      url: `${settings.endpoint.replace(/\/+$/, '')}${OTLP_TRACES_PATH}`,
      timeoutMillis: settings.exportTimeoutMs,
      // A flush (at shutdown) sends the whole queue at once, a batch per request:
      // room for all of them, or the exporter refuses the rest and they are lost.
      concurrencyLimit:
        Math.ceil(settings.queueSize / Math.min(settings.batchSize, settings.queueSize)) + 1,
    });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    sampler: new ParentBasedSampler({ root: new OrderRootSampler(settings.sampleRatio) }),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter,
        scheduledDelayMillis: settings.exportDelayMs,
        maxQueueSize: settings.queueSize,
        maxExportBatchSize: Math.min(settings.batchSize, settings.queueSize),
        exportTimeoutMillis: settings.exportTimeoutMs,
      }),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  running = { provider, contextManager };
  setTracingActive(true);
  return {
    enabled: true,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      if (running?.provider !== provider) return;
      setTracingActive(false);
      running = null;
      try {
        await provider.shutdown();
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
      }
    },
  };
}
