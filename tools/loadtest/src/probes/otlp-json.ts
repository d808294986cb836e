/**
 * What the span collector keeps of an OTLP/HTTP JSON export: the spans, one
 * flat record each, with the service that sent them and times in ms.
 */

export type CollectedSpanKind = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export interface CollectedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: CollectedSpanKind;
  /** The resource's service.name: `<stack>-<service>`. */
  readonly service: string;
  /** Milliseconds since the epoch, fractions kept. */
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  /** The span's status was ERROR. */
  readonly failed: boolean;
}

/** An export the collector cannot read: answered 400, and nothing of it kept. */
export class OtlpParseError extends Error {
  override readonly name = 'OtlpParseError';
  readonly code = 'invalid_otlp';
}

/** OTLP's SpanKind numbers (SPAN_KIND_INTERNAL = 1 … SPAN_KIND_CONSUMER = 5). */
const KINDS: readonly CollectedSpanKind[] = [
  'internal',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];
const STATUS_ERROR = 2;
const HEX_ID = { trace: /^[0-9a-f]{32}$/, span: /^[0-9a-f]{16}$/ };
const NANOS_PER_MS = 1_000_000n;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown, what: string): unknown[] => {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new OtlpParseError(`${what} must be an array`);
  return v;
};

/** An OTLP AnyValue, as far as the lab's spans use them (scalars). */
function scalar(value: unknown): string | number | boolean | undefined {
  if (!isObject(value)) return undefined;
  if (typeof value.stringValue === 'string') return value.stringValue;
  if (typeof value.boolValue === 'boolean') return value.boolValue;
  if (typeof value.doubleValue === 'number') return value.doubleValue;
  if (typeof value.intValue === 'number') return value.intValue;
  if (typeof value.intValue === 'string' && /^-?\d+$/.test(value.intValue))
    return Number(value.intValue);
  return undefined;
}

function attributesOf(raw: unknown): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const kv of list(raw, 'attributes')) {
    if (!isObject(kv) || typeof kv.key !== 'string')
      throw new OtlpParseError('an attribute needs a key');
    const value = scalar(kv.value);
    if (value !== undefined) out[kv.key] = value;
  }
  return out;
}

/** Nanoseconds since the epoch (a decimal string or a number) as ms, without losing the µs. */
function millis(raw: unknown, what: string): number {
  const text = typeof raw === 'number' ? raw.toFixed(0) : raw;
  if (typeof text !== 'string' || !/^\d+$/.test(text))
    throw new OtlpParseError(`${what} must be nanoseconds`);
  const nanos = BigInt(text);
  return Number(nanos / NANOS_PER_MS) + Number(nanos % NANOS_PER_MS) / 1e6;
}

function spanOf(raw: unknown, service: string): CollectedSpan {
  if (!isObject(raw)) throw new OtlpParseError('a span must be an object');
  const { traceId, spanId, parentSpanId, name, kind } = raw;
  if (typeof traceId !== 'string' || !HEX_ID.trace.test(traceId))
    throw new OtlpParseError('traceId must be 32 hex digits (OTLP/JSON)');
  if (typeof spanId !== 'string' || !HEX_ID.span.test(spanId))
    throw new OtlpParseError('spanId must be 16 hex digits (OTLP/JSON)');
  if (
    parentSpanId !== undefined &&
    parentSpanId !== '' &&
    (typeof parentSpanId !== 'string' || !HEX_ID.span.test(parentSpanId))
  )
    throw new OtlpParseError('parentSpanId must be 16 hex digits');
  if (typeof name !== 'string') throw new OtlpParseError('a span needs a name');
  const startMs = millis(raw.startTimeUnixNano, 'startTimeUnixNano');
  const endMs = millis(raw.endTimeUnixNano, 'endTimeUnixNano');
  return {
    traceId,
    spanId,
    ...(parentSpanId ? { parentSpanId: parentSpanId as string } : {}),
    name,
    kind: KINDS[typeof kind === 'number' ? kind : 1] ?? 'internal',
    service,
    startMs,
    endMs: Math.max(startMs, endMs),
    attributes: attributesOf(raw.attributes),
    failed: isObject(raw.status) && raw.status.code === STATUS_ERROR,
  };
}

/**
 * The spans of one ExportTraceServiceRequest in its JSON form (ids in hex,
 * as OTLP/JSON has them). Throws OtlpParseError, naming what is wrong,
 * for anything else: the export is then refused whole.
 */
export function parseOtlpJson(body: unknown): CollectedSpan[] {
  if (!isObject(body))
    throw new OtlpParseError('the body must be a JSON object (ExportTraceServiceRequest)');
  const spans: CollectedSpan[] = [];
  for (const resourceSpans of list(body.resourceSpans, 'resourceSpans')) {
    if (!isObject(resourceSpans)) throw new OtlpParseError('resourceSpans[] must hold objects');
    const resource = isObject(resourceSpans.resource) ? resourceSpans.resource : {};
    const service = String(attributesOf(resource.attributes)['service.name'] ?? 'unknown');
    for (const scopeSpans of list(resourceSpans.scopeSpans, 'scopeSpans')) {
      if (!isObject(scopeSpans)) throw new OtlpParseError('scopeSpans[] must hold objects');
      for (const span of list(scopeSpans.spans, 'spans')) spans.push(spanOf(span, service));
    }
  }
  return spans;
}
