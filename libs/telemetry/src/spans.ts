import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
  type Tracer,
} from '@opentelemetry/api';

/**
 * The attributes the lab puts on its spans beside the OpenTelemetry
 * conventions: what the load tool reads a trace by (which order, which step,
 * which time was the simulated provider's and which a wait in a queue).
 */
export const SPAN_ATTRIBUTES = {
  /** On the edge's span: the order the request created or named. */
  orderId: 'lab.order_id',
  /** On a Simulator span: the time stands for an external provider, not the stack. */
  simulated: 'lab.simulated',
  /** The checkout step a span does (validatePayment, chargeCard, ...). */
  step: 'lab.step',
  /** On a queue-wait span: the time a message or job waited to be taken. */
  queueWait: 'lab.queue_wait',
  /** On an outbox publish: `writer` (at once) or `relay` (republished later). */
  outboxBy: 'lab.outbox.by',
} as const;

/** Attribute values a span takes (OpenTelemetry's). */
export type SpanAttributes = Attributes;

export type SpanKindName = 'server' | 'client' | 'producer' | 'consumer' | 'internal';

const KINDS: Readonly<Record<SpanKindName, SpanKind>> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

/** Reads a propagation field (`traceparent`, `tracestate`) off a carrier: headers, metadata. */
export type TraceGetter = (key: string) => string | undefined;
/** Writes a propagation field onto a carrier. */
export type TraceSetter = (key: string, value: string) => void;

export interface SpanOptions {
  readonly kind?: SpanKindName;
  readonly attributes?: Attributes;
  /**
   * The context the span continues, read off what a peer sent (headers,
   * metadata, a job's or an outbox entry's fields); without it, the active one.
   */
  readonly parent?: TraceGetter;
  /** When the span began, in ms since the epoch (fractions kept); now by default. */
  readonly startTime?: number;
}

/** A started span: only ever handed out while tracing is on. */
export interface LabSpan {
  set(attributes: Attributes): void;
  /** Marks the span failed with what was thrown. */
  fail(error: unknown): void;
  /** Ends it now, or at `endTime` (ms since the epoch). */
  end(endTime?: number): void;
  /** Runs `fn` with this span active, so the spans it starts are its children. */
  run<T>(fn: () => T): T;
  /** Writes this span's context onto a carrier for the next process. */
  inject(set: TraceSetter): void;
}

let active = false;
let tracer: Tracer | undefined;

/** Set by startTracing: the helpers below do nothing at all until it is. */
export function setTracingActive(on: boolean): void {
  active = on;
  tracer = undefined;
}

/** Whether spans are being recorded in this process. */
export function tracingActive(): boolean {
  return active;
}

const getter: TextMapGetter<TraceGetter> = {
  get: (carrier, key) => carrier(key),
  keys: () => [],
};
const setter: TextMapSetter<TraceSetter> = { set: (carrier, key, value) => carrier(key, value) };

function wrap(span: Span, ctx: Context): LabSpan {
  return {
    set: (attributes) => void span.setAttributes(attributes),
    fail: (error) => {
      const e = error as { name?: unknown; code?: unknown; message?: unknown } | null;
      span.setAttribute('error.type', String(e?.code ?? e?.name ?? 'error'));
      span.setStatus({ code: SpanStatusCode.ERROR, message: String(e?.message ?? error) });
    },
    end: (endTime) => span.end(endTime),
    run: (fn) => context.with(ctx, fn),
    inject: (set) => propagation.inject(ctx, set, setter),
  };
}

/**
 * Starts a span, or returns undefined when tracing is off. A remote parent
 * (`options.parent`) starts from the root context: a message's span belongs
 * to the trace it came with, not to whatever loop received it.
 */
export function startSpan(name: string, options: SpanOptions = {}): LabSpan | undefined {
  if (!active) return undefined;
  const parentCtx = options.parent
    ? propagation.extract(ROOT_CONTEXT, options.parent, getter)
    : context.active();
  tracer ??= trace.getTracer('@lab/telemetry');
  const span = tracer.startSpan(
    name,
    {
      kind: KINDS[options.kind ?? 'internal'],
      ...(options.attributes ? { attributes: options.attributes } : {}),
      ...(options.startTime !== undefined ? { startTime: options.startTime } : {}),
    },
    parentCtx,
  );
  return wrap(span, trace.setSpan(parentCtx, span));
}

/**
 * Runs `work` inside a span that ends when it settles (failed if it throws).
 * When tracing is off, this is `work(undefined)` and nothing else.
 */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: LabSpan | undefined) => Promise<T>,
): Promise<T> {
  const span = startSpan(name, options);
  if (!span) return work(undefined);
  try {
    return await span.run(() => work(span));
  } catch (error) {
    span.fail(error);
    throw error;
  } finally {
    span.end();
  }
}

/**
 * A span that already happened (a wait measured from timestamps), from
 * `startTime` to `endTime`; its context, for a span that follows from it to
 * continue, or undefined when tracing is off.
 */
export function recordSpan(
  name: string,
  options: SpanOptions & { readonly endTime: number },
): TraceGetter | undefined {
  const span = startSpan(name, options);
  if (!span) return undefined;
  span.end(options.endTime);
  const fields = new Map<string, string>();
  span.inject((key, value) => fields.set(key, value));
  return (key) => fields.get(key);
}

/** Writes the active context onto a carrier (gRPC metadata, NATS headers); nothing when off. */
export function injectTrace(set: TraceSetter): void {
  if (active) propagation.inject(context.active(), set, setter);
}

/** The active context's W3C `traceparent`, or '' when tracing is off or no span is active. */
export function currentTraceparent(): string {
  let value = '';
  injectTrace((key, v) => {
    if (key === 'traceparent') value = v;
  });
  return value;
}

/** A carrier holding just a `traceparent` (an outbox entry's field). */
export function traceparentCarrier(traceparent: string | undefined): TraceGetter | undefined {
  return traceparent ? (key) => (key === 'traceparent' ? traceparent : undefined) : undefined;
}

/** Adds attributes to the active span (the edge's order id, known only inside the route). */
export function annotateActiveSpan(attributes: Attributes): void {
  if (active) trace.getActiveSpan()?.setAttributes(attributes);
}
