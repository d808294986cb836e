import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, type RawAnswer, type RawExchangeOptions } from '@lab/brokers';
import { Registry, createLogger } from '@lab/telemetry';
import {
  startEdge,
  type EdgeLimits,
  type Handler,
  type Route,
  type RunningEdge,
} from './edge-server.js';

// Short timeouts, so each slow client is cut within a test's time.
const LIMITS: EdgeLimits = {
  bodyLimitBytes: 1024,
  headersTimeoutMs: 400,
  requestTimeoutMs: 800,
  keepAliveTimeoutMs: 5_000,
  timeoutCheckIntervalMs: 50,
  maxHeaderBytes: 2048,
};
// Generous: a cut must come long before a trickling client would finish.
const CUT_WITHIN_MS = 2_500;

/** A promise with its resolve, for handlers that tell the test what they saw. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

let edge: RunningEdge;
const registry = new Registry();
const bodyOutcome = deferred<string>();
const lateAnswer = deferred<void>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const route = (method: Route['method'], path: string, handler: Handler): Route => ({
  method,
  path,
  handler,
});

const routes: Route[] = [
  route('POST', '/echo', async (ctx) => ({ status: 200, body: await ctx.json() })),
  route('GET', '/orders/:id', async ({ params }) => ({ status: 200, body: params })),
  // Not async: it throws before returning any promise.
  route('GET', '/throws', (() => {
    throw new Error('sync throw');
  }) as Handler),
  route('GET', '/rejects', () => Promise.reject('not even an Error')),
  route('POST', '/watch-body', async (ctx) => {
    const outcome = await ctx.json().then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    bodyOutcome.resolve(outcome);
    return { status: 200 };
  }),
  // Answers after its client left: the write must go nowhere, quietly.
  route('GET', '/late', async ({ req }) => {
    await new Promise((r) => req.socket.once('close', r));
    setImmediate(() => lateAnswer.resolve());
    return { status: 200, body: { late: true } };
  }),
  route('GET', '/wait', async () => {
    await sleep(100);
    return { status: 200, body: { waited: true } };
  }),
  route('GET', '/stream', async ({ res }) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    for (let i = 0; i < 6; i++) {
      await sleep(LIMITS.requestTimeoutMs / 3);
      res.write(`data: ${i}\n\n`);
    }
    res.end();
  }),
  route('POST', '/slow-answer', async (ctx) => {
    const body = await ctx.json();
    await sleep(LIMITS.requestTimeoutMs * 2);
    return { status: 200, body };
  }),
];

beforeAll(async () => {
  edge = await startEdge({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger('edge', { level: 'silent' }),
    registry,
    limits: LIMITS,
    routes,
  });
});
afterAll(async () => {
  await edge?.close(100);
});

const raw = (
  chunks: RawExchangeOptions['chunks'],
  more: Partial<RawExchangeOptions> = {},
): Promise<RawAnswer> => rawExchange({ port: edge.port, chunks, timeoutMs: 10_000, ...more });

const get = (path: string, headers = 'Host: edge\r\n') =>
  raw([`GET ${path} HTTP/1.1\r\n${headers}\r\n`]);

/** A JSON error answer: the status, and a body naming the error and saying why. */
function expectJsonError(answer: RawAnswer, status: number, error: string) {
  expect(answer.timedOut).toBe(false);
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toBe('application/json');
  const body = JSON.parse(answer.body) as { error: string; message: string };
  expect(body.error).toBe(error);
  expect(body.message).toEqual(expect.any(String));
  return body;
}

async function expectLive() {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${edge.port}/livez`);
  expect(res.status).toBe(200);
  return performance.now() - started;
}

describe('the request listener never throws', () => {
  it('answers a malformed percent-encoding in a path segment 400, and the next request at once', async () => {
    const body = expectJsonError(await get('/orders/%E0%A4%A'), 400, 'invalid_request');
    expect(body.message).toBe('path segment "%E0%A4%A" is not valid percent-encoding');
    expect((await get('/orders/a%20b')).body).toBe('{"id":"a b"}');
    await expectLive();
  });

  it('answers a request target that is not a path 400, and takes the absolute form', async () => {
    expectJsonError(await get('//'), 400, 'invalid_request');
    expect((await get('http://edge/livez')).status).toBe(200);
  });

  it('answers 400 to an HTTP/1.1 request without Host; HTTP/1.0 needs none', async () => {
    expectJsonError(await get('/livez', ''), 400, 'invalid_request');
    expect((await raw(['GET /livez HTTP/1.0\r\n\r\n'])).status).toBe(200);
  });

  it('answers 500 to a handler that throws at once or rejects with a non-Error', async () => {
    expectJsonError(await get('/throws'), 500, 'internal');
    expectJsonError(await get('/rejects'), 500, 'internal');
  });

  it('drops the answer of a handler whose client left', async () => {
    const answer = await raw(['GET /late HTTP/1.1\r\nHost: edge\r\n\r\n'], { timeoutMs: 200 });
    expect(answer.timedOut).toBe(true);
    await lateAnswer.promise;
    await expectLive();
  });

  it('settles the body of a client that disconnects mid-body', async () => {
    const head = 'POST /watch-body HTTP/1.1\r\nHost: edge\r\ncontent-type: application/json\r\n';
    await raw([`${head}content-length: 100\r\n\r\n{"a":`], { timeoutMs: 100 });
    expect(await bodyOutcome.promise).toBe('the connection closed before the request body ended');
  });

  it('answers pipelined requests in order, the later one waiting for its socket', async () => {
    const socket = connect({ host: '127.0.0.1', port: edge.port });
    let text = '';
    const both = new Promise<void>((resolve) =>
      socket.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('"status":"live"')) resolve();
      }),
    );
    socket.write(
      'GET /wait HTTP/1.1\r\nHost: edge\r\n\r\nGET /livez HTTP/1.1\r\nHost: edge\r\n\r\n',
    );
    await both;
    socket.destroy();
    expect(text.indexOf('"waited":true')).toBeLessThan(text.indexOf('"status":"live"'));
  });
});

describe('requests the parser refuses', () => {
  const post = 'POST /echo HTTP/1.1\r\nHost: edge\r\ncontent-type: application/json\r\n';
  const bad = (status: number) => (status === 431 ? 'headers_too_large' : 'invalid_request');
  it.each([
    {
      what: 'an unknown HTTP version',
      status: 400,
      bytes: 'GET /livez HTTP/9.9\r\nHost: edge\r\n\r\n',
    },
    {
      what: 'Content-Length with Transfer-Encoding',
      status: 400,
      bytes: `${post}content-length: 2\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    },
    {
      what: 'two Content-Length',
      status: 400,
      bytes: `${post}content-length: 2\r\ncontent-length: 2\r\n\r\n{}`,
    },
    {
      what: 'a Transfer-Encoding other than chunked',
      status: 400,
      bytes: `${post}transfer-encoding: gzip\r\n\r\n{}`,
    },
    {
      what: 'a broken chunk size',
      status: 400,
      bytes: `${post}transfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n`,
    },
    { what: 'a TLS ClientHello', status: 400, bytes: Buffer.from('16030100a5010000a10303', 'hex') },
    {
      what: 'binary noise',
      status: 400,
      bytes: Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10]),
    },
    {
      what: 'a header over the limit',
      status: 431,
      bytes: `GET /livez HTTP/1.1\r\nHost: edge\r\nx: ${'a'.repeat(4096)}\r\n\r\n`,
    },
    {
      what: 'a request line over the limit',
      status: 431,
      bytes: `GET /${'a'.repeat(4096)} HTTP/1.1\r\nHost: edge\r\n\r\n`,
    },
    {
      what: 'many headers',
      status: 431,
      bytes: `GET /livez HTTP/1.1\r\nHost: edge\r\n${'x-many: header\r\n'.repeat(500)}\r\n`,
    },
  ])('answers $what with a JSON $status and closes', async ({ bytes, status }) => {
    const answer = await raw([bytes]);
    expectJsonError(answer, status, bad(status));
    expect(answer.headers.connection).toBe('close');
    expect(answer.closed || answer.body.length > 0).toBe(true);
    await expectLive();
  });

  it('answers CONNECT 405 and closes: an edge opens no tunnel', async () => {
    const answer = await raw(['CONNECT edge:443 HTTP/1.1\r\nHost: edge:443\r\n\r\n']);
    expectJsonError(answer, 405, 'method_not_allowed');
    expect(answer.closed || answer.headers.connection === 'close').toBe(true);
    await expectLive();
  });

  it('counts what it refused by Node error code', async () => {
    const metrics = await (await fetch(`http://127.0.0.1:${edge.port}/metrics`)).text();
    expect(metrics).toMatch(/lab_http_client_errors_total\{code="HPE_HEADER_OVERFLOW"\} [1-9]/);
  });
});

describe('timeouts', () => {
  it('cuts a client that sends its headers a byte at a time, while others are served', async () => {
    const bytes = [...'GET /livez HTTP/1.1\r\nHost: edge\r\n\r\n'];
    const slow = raw(bytes, { gapMs: 200 });
    expect(await expectLive()).toBeLessThan(CUT_WITHIN_MS);
    const answer = await slow;
    expectJsonError(answer, 408, 'request_timeout');
    // The whole trickle would take bytes.length × 200 ms = 7 s.
    expect(answer.ms).toBeLessThan(CUT_WITHIN_MS);
  });

  it('cuts a connection that sends nothing', async () => {
    const answer = await raw([]);
    expectJsonError(answer, 408, 'request_timeout');
    expect(answer.ms).toBeLessThan(CUT_WITHIN_MS);
  });

  it('cuts a body that never ends', async () => {
    const answer = await raw([
      'POST /echo HTTP/1.1\r\nHost: edge\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n{"a":',
    ]);
    expectJsonError(answer, 408, 'request_timeout');
    expect(answer.ms).toBeLessThan(LIMITS.requestTimeoutMs + CUT_WITHIN_MS);
  });

  it('never cuts a response: a stream longer than the request timeout runs to its end', async () => {
    const started = performance.now();
    const text = await (await fetch(`http://127.0.0.1:${edge.port}/stream`)).text();
    expect(text.match(/data: \d/g)).toHaveLength(6);
    expect(performance.now() - started).toBeGreaterThan(LIMITS.requestTimeoutMs);
  });

  it('never cuts an answer that takes longer than the request timeout', async () => {
    // The whole request in one write: the timeout is for receiving a request,
    // and a busy machine must not be able to split this one across reads.
    const body = '{"ok":true}';
    const answer = await raw([
      'POST /slow-answer HTTP/1.1\r\nHost: edge\r\nContent-Type: application/json\r\n' +
        `Content-Length: ${body.length}\r\n\r\n${body}`,
    ]);
    expect(answer.status).toBe(200);
    expect(answer.complete).toBe(true);
    expect(JSON.parse(answer.body)).toEqual({ ok: true });
  });

  it('tells keep-alive clients how long an idle connection lives', async () => {
    const answer = await get('/livez');
    expect(answer.headers['keep-alive']).toBe(`timeout=${LIMITS.keepAliveTimeoutMs / 1000}`);
  });
});
