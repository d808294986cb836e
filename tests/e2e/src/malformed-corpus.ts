import { checkoutBody } from './support.js';

/** One malformed request, as the bytes a client writes on a fresh connection. */
export interface MalformedCase {
  readonly kind: 'body' | 'path' | 'header' | 'raw' | 'slow';
  readonly name: string;
  readonly chunks: readonly (string | Buffer)[];
  /** A pause between chunks: a client that trickles. */
  readonly gapMs?: number;
  /** Half-closes after the last chunk (a client that gives up). */
  readonly end?: boolean;
}

/**
 * Short edge timeouts for the stacks under test, so every slow client is cut
 * within the test's time; the timeout check runs often enough to see it.
 */
export const SLOW_CLIENT_SETTINGS = {
  LAB_HTTP_HEADERS_TIMEOUT_MS: 1500,
  LAB_HTTP_REQUEST_TIMEOUT_MS: 2500,
  LAB_HTTP_TIMEOUT_CHECK_MS: 100,
} as const;

const CRLF = '\r\n';
const MB = 1024 * 1024;

function request(line: string, headers: readonly string[], body: string | Buffer = ''): Buffer {
  return Buffer.concat([
    Buffer.from([line, ...headers, '', ''].join(CRLF), 'latin1'),
    typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  ]);
}

const get = (target: string, headers: readonly string[] = []) =>
  request(`GET ${target} HTTP/1.1`, ['Host: edge', ...headers]);

/** POST /checkout with exactly these headers (after Host) and bytes: the framing is the case. */
const postRaw = (headers: readonly string[], body: string | Buffer = '') =>
  request('POST /checkout HTTP/1.1', ['Host: edge', ...headers], body);
const chunked = (body: string) =>
  postRaw(['content-type: application/json', 'transfer-encoding: chunked'], body);

/** POST /checkout with a body and its true Content-Length. */
function checkout(
  body: string | Buffer,
  headers: readonly string[] = ['content-type: application/json'],
) {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  return postRaw([...headers, `content-length: ${length}`], body);
}

const json = (overrides: Record<string, unknown>) => JSON.stringify(checkoutBody(overrides));
const item = (fields: Record<string, unknown>) => json({ items: [{ sku: 'SKU-0001', ...fields }] });

/** Bytes from a fixed seed: the same noise every run. */
function noise(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out[i] = x >> 16;
  }
  return out;
}

const TLS_CLIENT_HELLO = Buffer.from(
  '16030100f4010000f00303' +
    '00'.repeat(32) +
    '000813021303130100ff010000bf0000000e000c0000096c6f63616c686f7374',
  'hex',
);

const bodies = (): [string, Buffer][] => [
  ['invalid JSON', checkout('{"customerId":')],
  ['JSON null', checkout('null')],
  ['a JSON array', checkout('[]')],
  ['a JSON string', checkout('"checkout"')],
  ['an empty body', checkout('')],
  ['customerId a number', checkout(json({ customerId: 42 }))],
  ['items an object', checkout(json({ items: { sku: 'SKU-0001' } }))],
  ['no items', checkout(json({ items: [] }))],
  ['quantity a string', checkout(item({ quantity: '2' }))],
  ['quantity negative', checkout(item({ quantity: -1 }))],
  ['quantity 2^63', checkout(item({ quantity: 2 ** 63 }))],
  [
    'quantity 1e999',
    checkout(
      json({ items: [{ sku: 'SKU-0001', quantity: 1 }] }).replace(
        '"quantity":1',
        '"quantity":1e999',
      ),
    ),
  ],
  ['quantity fractional', checkout(item({ quantity: 1.5 }))],
  ['an unknown SKU', checkout(json({ items: [{ sku: 'NOPE', quantity: 1 }] }))],
  [
    'a card number of letters',
    checkout(json({ card: { number: 'abcd', expiry: '12/30', cvc: '123' } })),
  ],
  ['no card', checkout(JSON.stringify({ ...checkoutBody(), card: undefined }))],
  ['__proto__ in place of fields', checkout('{"__proto__":{"customerId":"c","items":[]}}')],
  ['arrays nested 30 000 deep', checkout('['.repeat(30_000) + ']'.repeat(30_000))],
  ['objects nested 5 000 deep', checkout('{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000))],
  ['a UTF-8 BOM before the JSON', checkout('\uFEFF' + json({}))],
  [
    'bytes that are not UTF-8',
    checkout(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(json({}))])),
  ],
  ['a 10 MB body with Content-Length', checkout(Buffer.alloc(10 * MB, 0x20))],
  [
    'a 10 MB chunked body',
    chunked(`${(10 * MB).toString(16)}\r\n${' '.repeat(10 * MB)}\r\n0\r\n\r\n`),
  ],
  ['content-type text/plain', checkout(json({}), ['content-type: text/plain'])],
  [
    'a form body',
    checkout('customerId=c&items=1', ['content-type: application/x-www-form-urlencoded']),
  ],
  [
    'a multipart body',
    checkout('--x\r\n\r\n{}\r\n--x--', ['content-type: multipart/form-data; boundary=x']),
  ],
  [
    'a body longer than its Content-Length',
    postRaw(['content-type: application/json', 'content-length: 5'], json({})),
  ],
  [
    'an Idempotency-Key over 128 characters',
    checkout(json({}), ['content-type: application/json', `idempotency-key: ${'k'.repeat(200)}`]),
  ],
  [
    'an empty Idempotency-Key',
    checkout(json({}), ['content-type: application/json', 'idempotency-key: ']),
  ],
  [
    'Expect: 100-continue and 10 MB announced',
    postRaw([
      'content-type: application/json',
      'expect: 100-continue',
      `content-length: ${10 * MB}`,
    ]),
  ],
];

const paths = (): [string, Buffer][] => [
  ['a truncated percent-encoding', get('/orders/%E0%A4%A')],
  ['a lone percent sign', get('/orders/%')],
  ['a percent sign before non-hex', get('/orders/%ZZ')],
  ['a bad percent-encoding on the event stream', get('/orders/%E0%A4%A/events')],
  ['an overlong UTF-8 encoding', get('/orders/%C0%AF')],
  ['a lone surrogate, encoded', get('/orders/%ED%A0%80')],
  ['a 15 KB path', get(`/orders/${'a'.repeat(15_000)}`)],
  ['a 20 KB path', get(`/${'a'.repeat(20_000)}`)],
  ['dot segments', get('/../../etc/passwd')],
  ['dot segments into the order route', get('/orders/..')],
  ['encoded dot segments', get('/orders/%2e%2e%2fhealthz')],
  ['a raw NUL byte', get('/orders/a\0b')],
  ['an encoded NUL byte', get('/orders/%00')],
  [
    'raw UTF-8 bytes',
    Buffer.concat([
      Buffer.from('GET /orders/'),
      Buffer.from('é💩', 'utf8'),
      Buffer.from(' HTTP/1.1\r\nHost: edge\r\n\r\n'),
    ]),
  ],
  ['encoded unicode', get('/orders/%F0%9F%92%A9')],
  ['a target that is no path', get('//')],
  ['an absolute target with a bad port', get('http://edge:99999/livez')],
  ['an empty order id', get('/orders/')],
  [
    'a bad encoding in the query of a POST',
    request('POST /checkout?x=%ZZ HTTP/1.1', [
      'Host: edge',
      'content-type: application/json',
      'content-length: 0',
    ]),
  ],
  ['an asterisk target', request('OPTIONS * HTTP/1.1', ['Host: edge'])],
];

const headers = (): [string, Buffer][] => [
  ['a 20 KB header', get('/livez', [`x-long: ${'a'.repeat(20_000)}`])],
  [
    '3 000 headers',
    get(
      '/livez',
      Array.from({ length: 3_000 }, (_, i) => `x-h-${i}: value`),
    ),
  ],
  ['two equal Content-Length', postRaw(['content-length: 2', 'content-length: 2'], '{}')],
  ['two different Content-Length', postRaw(['content-length: 2', 'content-length: 3'], '{}')],
  [
    'Content-Length and Transfer-Encoding',
    postRaw(['content-length: 2', 'transfer-encoding: chunked'], '2\r\n{}\r\n0\r\n\r\n'),
  ],
  ['Transfer-Encoding gzip', postRaw(['transfer-encoding: gzip'], '{}')],
  ['Transfer-Encoding chunked, then gzip', postRaw(['transfer-encoding: chunked, gzip'], '{}')],
  ['Transfer-Encoding xchunked', postRaw(['transfer-encoding: xchunked'], '{}')],
  ['Content-Length not a number', postRaw(['content-length: abc'])],
  ['Content-Length negative', postRaw(['content-length: -1'])],
  ['Content-Length overflowing', postRaw(['content-length: 99999999999999999999999'])],
  ['a space before the colon', get('/livez', ['x-bad : value'])],
  ['a control byte in a header name', get('/livez', ['x-b\x01d: value'])],
  ['a NUL in a header value', get('/livez', ['x-bad: va\0lue'])],
  ['an obsolete folded header', get('/livez', ['x-a: one', ' folded'])],
  ['no Host on HTTP/1.1', request('GET /livez HTTP/1.1', [])],
  ['an unknown expectation', get('/livez', ['expect: teapot'])],
  ['a broken chunk size', chunked('zz\r\n{}\r\n0\r\n\r\n')],
  ['a chunk without its CRLF', chunked('2\r\n{}XX0\r\n\r\n')],
  ['a chunk size that overflows', chunked('ffffffffffffffffffff\r\n{}\r\n')],
  ['a 20 KB chunk extension', chunked(`2;${'e'.repeat(20_000)}\r\n{}\r\n0\r\n\r\n`)],
];

const raw = (): [string, Buffer][] => [
  ['a TLS ClientHello', TLS_CLIENT_HELLO],
  ['1 KB of random bytes', noise(1024, 7)],
  ['HTTP/9.9', request('GET /livez HTTP/9.9', ['Host: edge'])],
  ['HTTP/2.0 on HTTP/1 framing', request('GET /nowhere HTTP/2.0', ['Host: edge'])],
  ['the HTTP/2 preface', Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')],
  ['bare LF line ends', Buffer.from('GET /nowhere HTTP/1.1\nHost: edge\n\n')],
  ['HTTP/0.9 style', Buffer.from('GET /\r\n\r\n')],
  ['a lower-case method', request('get /livez HTTP/1.1', ['Host: edge'])],
  ['an unknown method', request('BREW /livez HTTP/1.1', ['Host: edge'])],
  ['a 1 000-byte method', request(`${'A'.repeat(1000)} /livez HTTP/1.1`, ['Host: edge'])],
  ['tabs for spaces', request('GET\t/livez\tHTTP/1.1', ['Host: edge'])],
  ['CONNECT', request('CONNECT edge:443 HTTP/1.1', ['Host: edge:443'])],
  ['an SSH banner', Buffer.from('SSH-2.0-OpenSSH_9.6\r\n')],
  ['a Redis command', Buffer.from('*1\r\n$4\r\nPING\r\n')],
  ['only line ends', Buffer.from('\r\n\r\n\r\n')],
];

const slow = (): MalformedCase[] => {
  const head = 'POST /checkout HTTP/1.1\r\nHost: edge\r\ncontent-type: application/json\r\n';
  return [
    {
      kind: 'slow',
      name: 'headers a byte a second',
      chunks: [...'GET /livez HTTP/1.1\r\nHost: edge\r\n\r\n'],
      gapMs: 1000,
    },
    { kind: 'slow', name: 'a connection that sends nothing', chunks: [] },
    {
      kind: 'slow',
      name: 'a body that never finishes',
      chunks: [`${head}content-length: 500\r\n\r\n{"customerId":`],
    },
    {
      kind: 'slow',
      name: 'a chunked body that never ends',
      chunks: [
        `${head}transfer-encoding: chunked\r\n\r\n`,
        '1\r\n{\r\n',
        '1\r\n"\r\n',
        '1\r\na\r\n',
      ],
      gapMs: 1000,
    },
    {
      kind: 'slow',
      name: 'a truncated body, then the client leaves',
      chunks: [`${head}content-length: 500\r\n\r\n{"customerId":`],
      end: true,
    },
    {
      kind: 'slow',
      name: 'half a request line, then the client leaves',
      chunks: ['GET /liv'],
      end: true,
    },
  ];
};

/** The corpus: every case is sent on its own fresh connection to each edge. */
export function malformedCorpus(): MalformedCase[] {
  const each = (kind: MalformedCase['kind'], list: [string, Buffer][]) =>
    list.map(([name, bytes]): MalformedCase => ({ kind, name, chunks: [bytes] }));
  return [
    ...each('body', bodies()),
    ...each('path', paths()),
    ...each('header', headers()),
    ...each('raw', raw()),
    ...slow(),
  ];
}
