import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LabConfig } from '@lab/config';
import { DomainError } from '@lab/domain';
import { redisUnavailable } from '@lab/ledger';
import { PROMETHEUS_CONTENT_TYPE, tracingActive, type Logger, type Registry } from '@lab/telemetry';
import { clientErrorListener, connectListener } from './client-error.js';
import { HttpError } from './http-errors.js';
import { errorReply } from './outcome-reply.js';
import { parseJson } from './request-body.js';
import { RouteTable, type Reply, type RequestContext, type Route } from './route-table.js';
import { endRequestSpan, requestSpan } from './request-span.js';

export type { Handler, Reply, RequestContext, Route } from './route-table.js';

/** The edge's limits and timeouts (LAB_BODY_LIMIT_BYTES, LAB_HTTP_*). */
export type EdgeLimits = LabConfig['http'];

export interface EdgeOptions {
  readonly host: string;
  readonly port: number;
  readonly routes: readonly Route[];
  readonly logger: Logger;
  readonly registry: Registry;
  /** Body, header and timeout limits: every caller passes `config.http`. */
  readonly limits: EdgeLimits;
}

export interface RunningEdge {
  readonly port: number;
  /** Stops accepting; waits for requests in flight up to `graceMs`; then cuts connections. */
  close(graceMs: number): Promise<void>;
}

/**
 * Whether an answer can still be written: not after one was, nor once the
 * client is gone. A pipelined response waits for its socket, so none yet is fine.
 */
function writable(res: ServerResponse): boolean {
  const gone = res.destroyed || (res.socket !== null && !res.socket.writable);
  return !res.headersSent && !res.writableEnded && !gone;
}

function send(res: ServerResponse, reply: Reply, closing: boolean): void {
  if (!writable(res)) return;
  const body =
    reply.body === undefined
      ? ''
      : typeof reply.body === 'string'
        ? reply.body
        : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type':
      typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(body),
    ...reply.headers,
    // While the edge shuts down, a finished exchange must not keep its connection.
    ...(closing ? { connection: 'close' } : {}),
  });
  res.end(body);
}

const BUILT_IN_ROUTES = (registry: Registry): Route[] => [
  {
    method: 'GET',
    path: '/metrics',
    handler: async () => ({
      status: 200,
      body: await registry.render(),
      headers: { 'content-type': PROMETHEUS_CONTENT_TYPE },
    }),
  },
  // Liveness: the process is up and its event loop turns. No dependency is
  // asked (that is /healthz), so it is also the cheapest request the edge
  // answers: the one that measures a load generator rather than the stack.
  {
    method: 'GET',
    path: '/livez',
    handler: async () => ({ status: 200, body: { status: 'live' } }),
  },
];

const NO_HOST: Reply = {
  status: 400,
  body: { error: 'invalid_request', message: 'an HTTP/1.1 request needs a Host header' },
};

interface EdgeMetrics {
  /** Called when a request arrives; the returned function when its exchange ends. */
  begin(method: string): (route: string, status: string) => void;
  refused(code: string): void;
}

function edgeMetrics(registry: Registry): EdgeMetrics {
  const labels = ['method', 'route', 'status'];
  const requests = registry.counter(
    'lab_http_requests_total',
    'HTTP requests by route and status.',
    labels,
  );
  const latency = registry.histogram(
    'lab_http_request_duration_seconds',
    'HTTP request latency by route and status.',
    labels,
  );
  const refused = registry.counter(
    'lab_http_client_errors_total',
    'Requests the HTTP parser refused or timed out, by Node error code.',
    ['code'],
  );
  let inFlight = 0;
  registry.gauge('lab_http_in_flight', 'HTTP requests being served.', [], () => inFlight);
  return {
    begin: (method) => {
      const started = performance.now();
      inFlight++;
      return (route, status) => {
        inFlight--;
        requests.inc({ method, route, status });
        latency.observe((performance.now() - started) / 1000, { method, route, status });
      };
    },
    refused: (code) => refused.inc({ code }),
  };
}

interface ListenerDeps {
  readonly table: RouteTable;
  readonly limits: EdgeLimits;
  readonly logger: Logger;
  readonly metrics: EdgeMetrics;
  readonly closing: () => boolean;
}

/**
 * The request listener. Whatever the request holds, and whatever its handler
 * does (throw, reject, answer after the client left), it ends in an answer or
 * a closed connection, never in an exception out of the listener.
 */
function requestListener(deps: ListenerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { logger } = deps;
  const replyFor = (error: unknown, route: string): Reply => {
    if (error instanceof HttpError)
      return { status: error.status, body: error.body, headers: error.headers };
    const domain = redisUnavailable(error) ?? DomainError.from(error);
    const reply = errorReply(domain);
    if (reply.status >= 500) logger.warn('request failed', { route, err: domain });
    return reply;
  };
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const end = deps.metrics.begin(req.method ?? '');
    const match =
      req.httpVersion === '1.1' && req.headers.host === undefined
        ? { name: 'unmatched', reply: NO_HOST }
        : deps.table.match(req.method ?? '', req.url ?? '/');
    const span = tracingActive() ? requestSpan(req, match.name) : undefined;
    // A request cut before any answer (its client gone, a timeout) has no status of its own.
    res.once('close', () => {
      const status = res.headersSent ? String(res.statusCode) : 'none';
      end(match.name, status);
      if (span) endRequestSpan(span, res);
    });
    // A handler's stray write after the end must not become an unhandled 'error'.
    res.on('error', (error) => logger.debug('response error', { route: match.name, err: error }));
    if ('reply' in match) {
      req.resume();
      send(res, match.reply, deps.closing());
      return;
    }
    let body: Promise<unknown> | undefined;
    const ctx: RequestContext = {
      req,
      res,
      params: match.params,
      json: () => (body ??= parseJson(req, deps.limits.bodyLimitBytes)),
    };
    // A handler that throws before its first await rejects here too.
    const handle = () => match.route.handler(ctx);
    Promise.resolve()
      .then(() => (span ? span.run(handle) : handle()))
      .then((reply) => {
        if (reply) send(res, reply, deps.closing());
      })
      .catch((error: unknown) => send(res, replyFor(error, match.name), deps.closing()))
      .catch((error: unknown) => {
        logger.warn('could not answer a request', { route: match.name, err: error });
        res.destroy();
      });
  };
  return (req, res) => {
    try {
      serve(req, res);
    } catch (error) {
      // Nothing above should throw; if it does, this request fails, not the process.
      logger.error('request listener threw', { err: error });
      res.destroy();
    }
  };
}

/** The HTTP edge every variant shares: routes, limits, timeouts, errors, metrics. */
export async function startEdge(options: EdgeOptions): Promise<RunningEdge> {
  const { limits, logger, registry } = options;
  const metrics = edgeMetrics(registry);
  let closing = false;
  const listener = requestListener({
    table: new RouteTable([...options.routes, ...BUILT_IN_ROUTES(registry)]),
    limits,
    logger,
    metrics,
    closing: () => closing,
  });
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      // Node times only the receiving of a request: a response being written
      // (a server-sent-events stream) is never cut by it.
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
      maxHeaderSize: limits.maxHeaderBytes,
      // Checked by the listener, so a missing Host gets a JSON answer like any other 400.
      requireHostHeader: false,
    },
    listener,
  );
  server.on('clientError', clientErrorListener(limits, logger, metrics.refused));
  server.on('connect', connectListener());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, an error (say, accept() out of file descriptors) is logged, not fatal.
  server.on('error', (error) => logger.warn('HTTP server error', { err: error }));
  return {
    port: (server.address() as AddressInfo).port,
    close: async (graceMs) => {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
