import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Http1Error, Http1Pool } from './http1-pool.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A node:http server on a free port; counts the connections it accepted. */
async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise((r) => server.close(() => r()));
  });
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { origin, connections: () => connections };
}

/** A raw TCP server that answers each request with `answer(socket)`. */
async function rawServer(answer: (socket: Socket, n: number) => void) {
  let n = 0;
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', () => answer(socket, n++));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise((r) => server.close(() => r()));
  });
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

function pool(origin: string, connections = 1): Http1Pool {
  const p = new Http1Pool(origin, connections);
  closers.push(() => p.close());
  return p;
}

describe("the load tool's HTTP/1.1 pool", () => {
  it('answers over one kept-alive connection: status, body, Server-Timing', async () => {
    const server = await httpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.setHeader('server-timing', 'pool;dur=1.5');
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, url: req.url, body }));
      });
    });
    const p = pool(server.origin);
    const body = JSON.stringify({ name: 'Zoë ✓' });
    for (let i = 0; i < 5; i++) {
      const answer = await p.post('/checkout', 'application/json', body);
      expect(answer.status).toBe(200);
      expect(answer.serverTiming).toBe('pool;dur=1.5');
      expect(JSON.parse(answer.body)).toEqual({ method: 'POST', url: '/checkout', body });
    }
    expect(await p.get('/livez')).toMatchObject({ status: 200, body: '' });
    expect((await p.get('/livez', true)).body).toContain('"url":"/livez"');
    expect(server.connections()).toBe(1);
  });

  it('reads a chunked body written in pieces, and an empty one', async () => {
    const server = await httpServer((req, res) => {
      if (req.url === '/empty') {
        res.statusCode = 204;
        res.end();
        return;
      }
      res.write('{"a":');
      setImmediate(() => {
        res.write('"' + 'x'.repeat(70_000) + '"');
        setImmediate(() => res.end('}'));
      });
    });
    const p = pool(server.origin);
    const answer = await p.get('/chunked', true);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ a: 'x'.repeat(70_000) });
    expect(await p.get('/empty', true)).toMatchObject({ status: 204, body: '' });
    expect(server.connections()).toBe(1);
  });

  it('parses an answer that arrives a byte at a time, chunked or not', async () => {
    const answers = [
      'HTTP/1.1 201 Created\r\nContent-Length: 5\r\nServer-Timing: pool;dur=2\r\n\r\nhello',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\nx-trailer: 1\r\n\r\n',
    ];
    const origin = await rawServer((socket, n) => {
      const bytes = Buffer.from(answers[n % 2]!);
      let i = 0;
      const next = () => {
        if (i < bytes.length) socket.write(bytes.subarray(i, ++i), next);
      };
      next();
    });
    const p = pool(origin);
    expect(await p.get('/', true)).toEqual({
      status: 201,
      body: 'hello',
      serverTiming: 'pool;dur=2',
    });
    expect(await p.get('/', true)).toEqual({ status: 200, body: 'abcde' });
  });

  it('keeps requests beyond its connections waiting, and never opens more', async () => {
    let inFlight = 0;
    let most = 0;
    const server = await httpServer((_req, res) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 5);
    });
    const p = pool(server.origin, 3);
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async () => (await p.get('/')).status),
    );
    expect(statuses).toEqual(Array(20).fill(200));
    expect(server.connections()).toBe(3);
    expect(most).toBe(3);
  });

  it('opens a new connection after a server closes one, or says its keep-alive is too short', async () => {
    const closing = await httpServer((_req, res) => {
      res.setHeader('connection', 'close');
      res.end('bye');
    });
    const p = pool(closing.origin);
    expect((await p.get('/', true)).body).toBe('bye');
    expect((await p.get('/', true)).body).toBe('bye');
    expect(closing.connections()).toBe(2);

    // A keep-alive of 1 s leaves no safe time to reuse a connection.
    let connections = 0;
    const origin = await rawServer((socket) => {
      if (!(socket as Socket & { seen?: boolean }).seen) connections++;
      (socket as Socket & { seen?: boolean }).seen = true;
      socket.write('HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 2\r\n\r\nok');
    });
    const q = pool(origin);
    expect((await q.get('/')).status).toBe(200);
    expect((await q.get('/')).status).toBe(200);
    expect(connections).toBe(2);
  });

  it('fails a request with the socket code when nothing answers, and serves the next', async () => {
    const refused = pool('http://127.0.0.1:1');
    await expect(refused.get('/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    const origin = await rawServer((socket, n) => {
      if (n === 0) socket.destroy();
      else if (n === 1) socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort');
      else if (n === 2) socket.write('SSH-2.0-OpenSSH\r\n\r\n');
      else socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    const p = pool(origin);
    await expect(p.get('/')).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(p.get('/')).rejects.toMatchObject({ code: 'ECONNRESET' });
    const bad = await p.get('/').catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(Http1Error);
    expect(bad).toMatchObject({ code: 'bad_answer', message: /not an HTTP\/1.x answer/ });
    expect(await p.get('/', true)).toEqual({ status: 200, body: 'ok' });
  });

  it('reads a body that ends with the connection', async () => {
    const origin = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nuntil the end'));
    expect(await pool(origin).get('/', true)).toEqual({ status: 200, body: 'until the end' });
  });

  it('fails what is waiting when closed, and takes nothing after', async () => {
    let arrived!: () => void;
    const inServer = new Promise<void>((r) => (arrived = r));
    // The server never answers: the first request is in flight when the pool closes.
    const server = await httpServer(() => arrived());
    const p = new Http1Pool(server.origin, 1);
    const first = p.get('/').catch((e: unknown) => e);
    const waiting = p.get('/').catch((e: unknown) => e);
    await inServer;
    await p.close();
    expect(await waiting).toMatchObject({ code: 'closed' });
    expect(await first).toMatchObject({ code: 'closed' });
    await expect(p.get('/')).rejects.toMatchObject({ code: 'closed' });
  });
});
