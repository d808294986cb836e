import { connect } from 'node:net';

export interface RawExchangeOptions {
  readonly host?: string;
  readonly port: number;
  /** What is written, in order: bytes exactly as given, malformed or not. */
  readonly chunks: readonly (string | Buffer)[];
  /** A pause between chunks: a client that trickles its request. */
  readonly gapMs?: number;
  /** Half-closes after the last chunk; by default the client keeps its side open, as a slow one would. */
  readonly end?: boolean;
  /** The exchange gives up after this and reports `timedOut`. */
  readonly timeoutMs: number;
}

export interface RawAnswer {
  /** The status of the first response, if one came. */
  readonly status?: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The first response's body (de-chunked), or what arrived of it. */
  readonly body: string;
  /** The whole body arrived (as its Content-Length or chunked framing says). */
  readonly complete: boolean;
  /** The connection was made: a refused one is no answer from a living server. */
  readonly connected: boolean;
  /** The server closed or reset the connection. */
  readonly closed: boolean;
  /** Neither a whole response nor a close came within `timeoutMs`. */
  readonly timedOut: boolean;
  /** From connecting to the answer (or the close). */
  readonly ms: number;
}

interface Parsed {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** What arrived of the body so far. */
  readonly partial: string;
}

function dechunk(raw: Buffer): string | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = parseInt(raw.subarray(at, eol).toString('latin1'), 16);
    if (Number.isNaN(size)) return raw.toString('utf8');
    if (size === 0) return Buffer.concat(parts).toString('utf8');
    if (raw.length < eol + 2 + size + 2) return undefined;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/**
 * The first final response in `data` (interim 1xx ones, like 100 Continue,
 * are skipped); `body` is undefined until all of it arrived.
 */
function parse(data: Buffer): Parsed | undefined {
  const split = data.indexOf('\r\n\r\n');
  if (split < 0) return undefined;
  const [line = '', ...fields] = data.subarray(0, split).toString('latin1').split('\r\n');
  const status = /^HTTP\/\d\.\d (\d{3})/.exec(line);
  if (!status) return undefined;
  if (status[1]!.startsWith('1')) return parse(data.subarray(split + 4));
  const headers = Object.fromEntries(
    fields.map((f) => [
      f.slice(0, f.indexOf(':')).trim().toLowerCase(),
      f.slice(f.indexOf(':') + 1).trim(),
    ]),
  );
  const rest = data.subarray(split + 4);
  const length = headers['content-length'];
  const body =
    length !== undefined
      ? rest.length >= Number(length)
        ? rest.subarray(0, Number(length)).toString('utf8')
        : undefined
      : /chunked/i.test(headers['transfer-encoding'] ?? '')
        ? dechunk(rest)
        : undefined;
  return {
    status: Number(status[1]),
    headers,
    ...(body !== undefined ? { body } : {}),
    partial: rest.toString('utf8'),
  };
}

/**
 * One exchange over a raw TCP socket, for tests that must send what no HTTP
 * client would (broken framing, bytes that are not HTTP, a byte a second). It
 * ends at the first whole response, at the server's close, or at the timeout,
 * and never throws: a reset is a close.
 */
export function rawExchange(options: RawExchangeOptions): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: options.host ?? '127.0.0.1', port: options.port });
    let data = Buffer.alloc(0);
    let settled = false;
    let connected = false;
    const finish = (closed: boolean, timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const parsed = parse(data);
      resolve({
        ...(parsed ? { status: parsed.status } : {}),
        headers: parsed?.headers ?? {},
        body: parsed?.body ?? parsed?.partial ?? '',
        complete: parsed?.body !== undefined,
        connected,
        closed,
        timedOut,
        ms: performance.now() - started,
      });
    };
    const timer = setTimeout(() => finish(false, true), options.timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (parse(data)?.body !== undefined) finish(false, false);
    });
    socket.on('error', () => finish(true, false));
    socket.on('close', () => finish(true, false));
    socket.on('connect', async () => {
      connected = true;
      for (const [i, chunk] of options.chunks.entries()) {
        if (settled || socket.destroyed) return;
        if (i > 0 && options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
        if (!socket.writable) return;
        socket.write(chunk);
      }
      if (options.end && socket.writable) socket.end();
    });
  });
}
