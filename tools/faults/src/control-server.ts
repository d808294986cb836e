import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { FaultRequestError, parseFaultRequest } from './fault.js';
import type { FaultInjector } from './injector.js';

export interface ControlServerOptions {
  readonly injector: FaultInjector;
  /** The bearer token every request must carry (16+ characters). */
  readonly token: string;
  readonly port: number;
  /** Loopback unless a caller insists; the lab never passes anything else. */
  readonly host?: string;
  /** What this endpoint controls, e.g. "async stack", for GET /control. */
  readonly scope: string;
}

export interface ControlServer {
  readonly url: string;
  close(): Promise<void>;
}

const MAX_BODY = 16 * 1024;
/** Longest a GET …?wait=ended holds the answer; the client asks again. */
const LONG_POLL_MS = 25_000;

const digest = (s: string) => createHash('sha256').update(s).digest();

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new FaultRequestError(`body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
  } catch {
    throw new FaultRequestError('body is not JSON');
  }
}

/**
 * The fault-injection endpoint of a supervisor: only started when control is
 * enabled in config, bound to loopback, and every request needs the token.
 *
 *   GET    /control                 what this endpoint controls and its targets
 *   POST   /control/faults          {target, kind, durationMs, …} → 201 once applied
 *   GET    /control/faults          every fault of this process
 *   GET    /control/faults/:id      one fault; ?wait=ended holds the answer until it ends
 *   DELETE /control/faults/:id      ends a fault early
 */
export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  if (options.token.length < 16) throw new Error('the control token must be 16+ characters');
  const expected = digest(`Bearer ${options.token}`);
  const { injector } = options;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const given = req.headers.authorization;
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res.setHeader('www-authenticate', 'Bearer');
      return send(res, 401, { error: 'unauthorized', message: 'a bearer token is required' });
    }
    const url = new URL(req.url ?? '/', 'http://control');
    const path = url.pathname.replace(/\/+$/, '');
    const one = /^\/control\/faults\/([\w.-]+)$/.exec(path);
    if (path === '/control' && req.method === 'GET')
      return send(res, 200, { scope: options.scope, targets: injector.describe() });
    if (path === '/control/faults' && req.method === 'GET')
      return send(res, 200, { faults: injector.list() });
    if (path === '/control/faults' && req.method === 'POST') {
      const record = await injector.inject(parseFaultRequest(await readJson(req)));
      return send(res, record.state === 'failed' ? 500 : 201, record);
    }
    if (one && req.method === 'GET') {
      const id = one[1]!;
      if (!injector.get(id))
        return send(res, 404, { error: 'not_found', message: `no fault ${id}` });
      if (url.searchParams.get('wait') === 'ended') {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          injector.whenEnded(id),
          new Promise((r) => (timer = setTimeout(r, LONG_POLL_MS))),
        ]);
        clearTimeout(timer);
      }
      return send(res, 200, injector.get(id));
    }
    if (one && req.method === 'DELETE') {
      const record = await injector.end(one[1]!);
      return record
        ? send(res, 200, record)
        : send(res, 404, { error: 'not_found', message: `no fault ${one[1]}` });
    }
    return send(res, 404, { error: 'not_found', message: `no route ${req.method} ${path}` });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (error instanceof FaultRequestError)
        return send(res, error.status, {
          error: { 400: 'bad_request', 404: 'not_found', 409: 'conflict' }[error.status],
          message: error.message,
        });
      send(res, 500, { error: 'internal', message: error.message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
