import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DomainError, ValidationError } from '@lab/domain';
import { redisUnavailable } from '@lab/ledger';
import { PROMETHEUS_CONTENT_TYPE, type Logger, type Registry } from '@lab/telemetry';
import { errorBody, errorHeaders, httpStatusOf, type ErrorBody } from './http-errors.js';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: Readonly<Record<string, string>>;
  /** The parsed JSON body; throws a 4xx-mapped error when it is not one. */
  json(): Promise<unknown>;
}

/** A handler returns a reply, or nothing when it wrote the response itself (SSE). */
export type Handler = (ctx: RequestContext) => Promise<Reply | void>;

export interface Route {
  readonly method: 'GET' | 'POST';
  /** A path with `:name` segments, like /orders/:id/events. */
  readonly path: string;
  readonly handler: Handler;
}

export interface EdgeOptions {
  readonly host: string;
  readonly port: number;
  readonly routes: readonly Route[];
  readonly logger: Logger;
  readonly registry: Registry;
  readonly bodyLimitBytes: number;
}

export interface RunningEdge {
  readonly port: number;
  /** Stops accepting; waits for requests in flight up to `graceMs`; then cuts connections. */
  close(graceMs: number): Promise<void>;
}

/** Errors of the HTTP layer itself, before any domain code runs. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

function compile(path: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const pattern = path.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { regex: new RegExp(`^${pattern}$`), names };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(413, {
      error: 'body_too_large',
      message: `request body is larger than ${limit} bytes`,
    });
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function parseJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type && !/^application\/json\b/i.test(type)) {
    throw new HttpError(415, {
      error: 'unsupported_media_type',
      message: `content-type must be application/json, got ${type}`,
    });
  }
  const raw = await readBody(req, limit);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new ValidationError([
      { path: '', message: `body is not valid JSON: ${(error as Error).message}` },
    ]);
  }
}

function send(res: ServerResponse, reply: Reply, closing: boolean): void {
  if (res.headersSent) return;
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

/** The HTTP edge every variant shares: routes, body limits, errors, metrics. */
export async function startEdge(options: EdgeOptions): Promise<RunningEdge> {
  const compiled = options.routes.map((r) => ({ ...r, ...compile(r.path) }));
  const requests = options.registry.counter(
    'lab_http_requests_total',
    'HTTP requests by route and status.',
    ['method', 'route', 'status'],
  );
  const latency = options.registry.histogram(
    'lab_http_request_seconds',
    'HTTP request latency by route and status.',
    ['method', 'route', 'status'],
  );
  let inFlight = 0;
  let closing = false;
  options.registry.gauge('lab_http_in_flight', 'HTTP requests being served.', [], () => inFlight);
  const metricsRoute: Route = {
    method: 'GET',
    path: '/metrics',
    handler: async () => ({
      status: 200,
      body: options.registry.render(),
      headers: { 'content-type': PROMETHEUS_CONTENT_TYPE },
    }),
  };
  compiled.push({ ...metricsRoute, ...compile(metricsRoute.path) });
  // Liveness: the process is up and its event loop turns. No dependency is
  // asked (that is /healthz), so it is also the cheapest request the edge
  // answers: the one that measures a load generator rather than the stack.
  const liveRoute: Route = {
    method: 'GET',
    path: '/livez',
    handler: async () => ({ status: 200, body: { status: 'live' } }),
  };
  compiled.push({ ...liveRoute, ...compile(liveRoute.path) });

  const server = createServer((req, res) => {
    const started = performance.now();
    inFlight++;
    const url = new URL(req.url ?? '/', 'http://edge');
    const matches = compiled.map((r) => ({ r, m: r.regex.exec(url.pathname) })).filter((x) => x.m);
    const found = matches.find((x) => x.r.method === req.method);
    const routeName = found?.r.path ?? (matches.length ? matches[0]!.r.path : 'unmatched');
    res.once('close', () => {
      inFlight--;
      const labels = { method: req.method ?? '', route: routeName, status: String(res.statusCode) };
      requests.inc(labels);
      latency.observe((performance.now() - started) / 1000, labels);
    });
    if (!found) {
      const reply: Reply = matches.length
        ? {
            status: 405,
            body: {
              error: 'method_not_allowed',
              message: `${req.method} is not allowed on ${url.pathname}`,
            },
            headers: { allow: matches.map((x) => x.r.method).join(', ') },
          }
        : {
            status: 404,
            body: { error: 'not_found', message: `no route for ${req.method} ${url.pathname}` },
          };
      req.resume();
      send(res, reply, closing);
      return;
    }
    const params = Object.fromEntries(
      found.r.names.map((n, i) => [n, decodeURIComponent(found.m![i + 1]!)]),
    );
    const ctx: RequestContext = {
      req,
      res,
      params,
      json: () => parseJson(req, options.bodyLimitBytes),
    };
    found.r.handler(ctx).then(
      (reply) => {
        if (reply) send(res, reply, closing);
      },
      (error: unknown) => {
        if (error instanceof HttpError)
          return send(
            res,
            {
              status: error.status,
              body: error.body,
              headers: { connection: 'close' },
            },
            closing,
          );
        const domain = redisUnavailable(error) ?? DomainError.from(error);
        const status = httpStatusOf(domain);
        if (status >= 500) options.logger.warn('request failed', { route: routeName, err: domain });
        send(res, { status, body: errorBody(domain), headers: errorHeaders(domain) }, closing);
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => resolve());
  });
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
