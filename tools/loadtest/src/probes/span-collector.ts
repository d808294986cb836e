import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OTLP_TRACES_PATH, SPAN_ATTRIBUTES } from '@lab/telemetry';
import { OtlpParseError, parseOtlpJson, type CollectedSpan } from './otlp-json.js';

export interface SpanCollectorOptions {
  /** Loopback by default: what the stacks of this machine export to. */
  readonly host?: string;
  /** Spans kept at most; past it an export's spans are refused (counted, answered as rejected). */
  readonly maxSpans: number;
  /** Largest export body taken (413 above it). */
  readonly bodyLimitBytes: number;
}

export interface SpanCollector {
  /** The OTLP/HTTP endpoint to give the stacks (LAB_OTLP_ENDPOINT). */
  readonly endpoint: string;
  /** Spans taken, and refused for lack of room, since the start or the last clear. */
  readonly received: number;
  readonly dropped: number;
  /** The spans of one trace, as received. */
  trace(traceId: string): readonly CollectedSpan[];
  /** The trace an order's edge span started (it names the order, lab.order_id). */
  traceOf(orderId: string): string | undefined;
  /** Orders whose trace was received. */
  tracedOrders(): ReadonlySet<string>;
  /**
   * Resolves true once no export has arrived for `quietMs` (every process
   * has sent what had ended), false when that did not happen by `timeoutMs`.
   */
  settle(quietMs: number, timeoutMs: number): Promise<boolean>;
  /** Forgets every span (between variants). */
  clear(): void;
  close(): Promise<void>;
}

const JSON_TYPE = /^application\/json\b/i;

/** Reads a body up to `limit` bytes; undefined when it is larger (the rest is drained). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * An OTLP/HTTP receiver of the load tool's own (JSON encoding, POST
 * /v1/traces): the stacks of a traced run export to it, and the runner reads
 * the traces of the orders it picks. Bad exports get a 4xx naming what is
 * wrong and change nothing; none can stop the tool.
 */
export async function startSpanCollector(options: SpanCollectorOptions): Promise<SpanCollector> {
  const traces = new Map<string, CollectedSpan[]>();
  const orders = new Map<string, string>();
  let received = 0;
  let dropped = 0;
  let lastExportAt = Date.now();

  const keep = (spans: readonly CollectedSpan[]): number => {
    const room = Math.max(0, options.maxSpans - received);
    for (const span of spans.slice(0, room)) {
      const list = traces.get(span.traceId) ?? [];
      if (list.length === 0) traces.set(span.traceId, list);
      list.push(span);
      const orderId = span.attributes[SPAN_ATTRIBUTES.orderId];
      if (typeof orderId === 'string' && span.kind === 'server' && !span.parentSpanId)
        orders.set(orderId, span.traceId);
    }
    const kept = Math.min(room, spans.length);
    received += kept;
    dropped += spans.length - kept;
    return spans.length - kept;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (
      req.method !== 'POST' ||
      new URL(req.url ?? '/', 'http://collector').pathname !== OTLP_TRACES_PATH
    ) {
      req.resume();
      return answer(res, 404, {
        error: 'not_found',
        message: `send spans with POST ${OTLP_TRACES_PATH}`,
      });
    }
    if (!JSON_TYPE.test(req.headers['content-type'] ?? '')) {
      req.resume();
      return answer(res, 415, {
        error: 'unsupported_media_type',
        message: 'send OTLP/HTTP in its JSON encoding (application/json)',
      });
    }
    const body = await readBody(req, options.bodyLimitBytes);
    if (body === undefined)
      return answer(res, 413, {
        error: 'too_large',
        message: `an export is at most ${options.bodyLimitBytes} bytes`,
      });
    let spans: CollectedSpan[];
    try {
      spans = parseOtlpJson(JSON.parse(body));
    } catch (error) {
      const message = error instanceof OtlpParseError ? error.message : 'the body is not JSON';
      return answer(res, 400, { error: 'invalid_otlp', message });
    }
    lastExportAt = Date.now();
    const rejected = keep(spans);
    answer(
      res,
      200,
      rejected
        ? { partialSuccess: { rejectedSpans: rejected, errorMessage: 'the collector is full' } }
        : {},
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host ?? '127.0.0.1', port: 0 }, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;

  return {
    endpoint: `http://${address}:${port}`,
    get received() {
      return received;
    },
    get dropped() {
      return dropped;
    },
    trace: (traceId) => traces.get(traceId) ?? [],
    traceOf: (orderId) => orders.get(orderId),
    tracedOrders: () => new Set(orders.keys()),
    settle: async (quietMs, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const quietFor = Date.now() - lastExportAt;
        if (quietFor >= quietMs) return true;
        if (Date.now() >= deadline) return false;
        await new Promise((r) =>
          setTimeout(r, Math.min(quietMs - quietFor, deadline - Date.now())),
        );
      }
    },
    clear: () => {
      traces.clear();
      orders.clear();
      received = 0;
      dropped = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
