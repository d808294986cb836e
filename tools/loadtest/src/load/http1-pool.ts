import { connect, type Socket } from 'node:net';

/**
 * Keep-alive HTTP/1.1 connections to one origin, one request at a time on
 * each, for the load tool's requests only: a request is written in one
 * `write` of a prebuilt head (a GET's whole request is built once per path),
 * and an answer is parsed with no stream and no header object: its status,
 * its body if kept, and the one header the tool reads (Server-Timing). What
 * a general client spends beyond that per request (undici: a header list
 * built and lowered per answer, a head converted from a string per request,
 * its parser in WebAssembly) is what the tool's own CPU per request was
 * above autocannon's (docs/performance.md, "The load tool's own cost").
 *
 * What it does not do, since the edges it loads do not need it: TLS,
 * pipelining, redirects, 1xx answers, compression, trailers (read and
 * dropped). An answer it cannot parse fails its request with `bad_answer`
 * and closes the connection.
 */

export interface Http1Answer {
  readonly status: number;
  /** The body, if asked to keep it; '' otherwise. */
  readonly body: string;
  /** The Server-Timing header's value, if any. */
  readonly serverTiming?: string;
}

/** A request that got no answer: the socket's code (ECONNREFUSED, ECONNRESET…), or the client's. */
export class Http1Error extends Error {
  override readonly name = 'Http1Error';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Request {
  readonly bytes: Buffer | string;
  readonly keepBody: boolean;
  readonly resolve: (answer: Http1Answer) => void;
  readonly reject: (error: Http1Error) => void;
}

const CRLF2 = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
/** A head longer than this without its end is not an answer of the edge's. */
const MAX_HEAD = 64 * 1024;
/**
 * A connection idle longer than the server's Keep-Alive timeout less this
 * may be closed by the server as the next request is written to it (a reset
 * counted against the stack): it is closed and a new one opened instead,
 * as undici does.
 */
const KEEP_ALIVE_MARGIN_MS = 1000;
const NO_BODY = '';

/** A header's value in a lowered head, or undefined. `name` is lowered, with its colon. */
function headerOf(lowered: string, original: string, name: string): string | undefined {
  const at = lowered.indexOf(`\r\n${name}`);
  if (at < 0) return undefined;
  const from = at + 2 + name.length;
  const end = lowered.indexOf('\r\n', from);
  return original.slice(from, end < 0 ? undefined : end).trim();
}

/** One connection and the answer it is reading. */
class Connection {
  readonly socket: Socket;
  request: Request | undefined;
  idleSince = 0;
  /** The server's Keep-Alive timeout, ms, once an answer said it. */
  keepAliveMs = Infinity;
  private connected = false;
  private waiting: Request | undefined;
  private closed = false;
  // The answer being read.
  private pending: Buffer | undefined;
  private status = 0;
  private serverTiming: string | undefined;
  private mode: 'head' | 'length' | 'chunked' | 'close' = 'head';
  private left = 0;
  private chunkState: 'size' | 'data' | 'trailer' = 'size';
  private body: Buffer[] = [];
  private closeAfter = false;

  constructor(
    port: number,
    host: string,
    private readonly onFree: (c: Connection) => void,
    private readonly onGone: (c: Connection) => void,
  ) {
    this.socket = connect({ port, host, noDelay: true });
    this.socket.on('connect', () => {
      this.connected = true;
      const first = this.waiting;
      this.waiting = undefined;
      if (first) this.write(first);
    });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('end', () => {
      // A body read to the close ends here; anything else is an answer cut short.
      if (this.request && this.mode === 'close') this.complete();
      this.gone('ECONNRESET', 'the server closed the connection before answering');
    });
    this.socket.on('error', (error: NodeJS.ErrnoException) =>
      this.gone(error.code ?? 'socket_error', error.message),
    );
    this.socket.on('close', () => this.gone('ECONNRESET', 'the connection closed'));
  }

  send(request: Request): void {
    this.request = request;
    if (this.connected) this.write(request);
    else this.waiting = request;
  }

  /** Closes the connection; a request on it fails with `code`. */
  destroy(code: string, message: string): void {
    this.gone(code, message);
    this.socket.destroy();
  }

  private write(request: Request): void {
    this.socket.write(request.bytes);
  }

  private gone(code: string, message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const request = this.request;
    this.request = undefined;
    this.waiting = undefined;
    this.onGone(this);
    request?.reject(new Http1Error(code, message));
  }

  private read(chunk: Buffer): void {
    if (!this.request) {
      // Bytes nobody asked for: not a server to keep talking to.
      this.destroy('bad_answer', 'bytes before any request');
      return;
    }
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    if (this.mode === 'head') {
      const end = data.indexOf(CRLF2);
      if (end < 0) {
        if (data.length > MAX_HEAD) this.destroy('bad_answer', 'an answer head over 64 KB');
        else this.pending = data;
        return;
      }
      if (!this.head(data.toString('latin1', 0, end + 2))) return;
      data = data.subarray(end + 4);
    }
    this.bodyBytes(data);
  }

  /** Reads the status line and headers; false once the connection is closed for a bad head. */
  private head(head: string): boolean {
    if (!head.startsWith('HTTP/1.')) {
      this.destroy('bad_answer', `not an HTTP/1.x answer: ${head.slice(0, 40)}`);
      return false;
    }
    this.status = Number(head.slice(9, 12));
    if (!(this.status >= 200 && this.status <= 599)) {
      this.destroy('bad_answer', `an answer status the client does not take: ${head.slice(0, 40)}`);
      return false;
    }
    const lowered = head.toLowerCase();
    this.serverTiming = headerOf(lowered, head, 'server-timing:');
    const connection = headerOf(lowered, lowered, 'connection:');
    this.closeAfter = connection === 'close' || head.startsWith('HTTP/1.0');
    const keepAlive = headerOf(lowered, lowered, 'keep-alive:');
    const timeout = keepAlive && /timeout=(\d+)/.exec(keepAlive);
    if (timeout) this.keepAliveMs = Number(timeout[1]) * 1000;
    const length = headerOf(lowered, lowered, 'content-length:');
    const chunked = headerOf(lowered, lowered, 'transfer-encoding:')?.includes('chunked');
    if (chunked) {
      this.mode = 'chunked';
      this.chunkState = 'size';
    } else if (length !== undefined) {
      this.left = Number(length);
      if (!Number.isSafeInteger(this.left) || this.left < 0) {
        this.destroy('bad_answer', `a Content-Length that is no length: ${length}`);
        return false;
      }
      this.mode = 'length';
    } else if (this.status === 204 || this.status === 304) {
      this.mode = 'length';
      this.left = 0;
    } else {
      this.mode = 'close';
      this.closeAfter = true;
    }
    return true;
  }

  private keep(data: Buffer): void {
    if (this.request!.keepBody && data.length > 0) this.body.push(data);
  }

  private bodyBytes(data: Buffer): void {
    if (this.mode === 'length') {
      const take = Math.min(this.left, data.length);
      this.keep(data.subarray(0, take));
      this.left -= take;
      if (this.left === 0) this.complete(data.length > take);
    } else if (this.mode === 'close') {
      this.keep(data);
    } else {
      this.chunks(data);
    }
  }

  private chunks(data: Buffer): void {
    let at = 0;
    while (at < data.length) {
      if (this.chunkState === 'data') {
        const take = Math.min(this.left, data.length - at);
        this.keep(data.subarray(at, at + take));
        this.left -= take;
        at += take;
        if (this.left > 0) return;
        // The chunk's CRLF is read with the next size line.
        this.chunkState = 'size';
        continue;
      }
      const end = data.indexOf(CRLF, at);
      if (end < 0) {
        this.pending = data.subarray(at);
        return;
      }
      const line = data.toString('latin1', at, end);
      at = end + 2;
      if (this.chunkState === 'trailer') {
        // Trailers end with an empty line.
        if (line === '') {
          this.complete(at < data.length);
          return;
        }
        continue;
      }
      // The CRLF after a chunk's data reads as an empty size line.
      if (line === '') continue;
      const size = parseInt(line, 16);
      if (!Number.isSafeInteger(size) || size < 0) {
        this.destroy('bad_answer', `a chunk size that is no size: ${line.slice(0, 20)}`);
        return;
      }
      if (size === 0) this.chunkState = 'trailer';
      else {
        this.chunkState = 'data';
        this.left = size;
      }
    }
  }

  private complete(extra = false): void {
    const request = this.request!;
    const body = !request.keepBody
      ? NO_BODY
      : this.body.length === 1
        ? this.body[0]!.toString()
        : Buffer.concat(this.body).toString();
    const answer: Http1Answer =
      this.serverTiming === undefined
        ? { status: this.status, body }
        : { status: this.status, body, serverTiming: this.serverTiming };
    this.request = undefined;
    this.body = [];
    this.mode = 'head';
    this.pending = undefined;
    request.resolve(answer);
    // More than the answer (pipelining 1: nothing may follow), or a server that closes.
    if (extra) this.destroy('bad_answer', 'bytes after the answer');
    else if (this.closeAfter) this.destroy('ECONNRESET', 'closed after its answer');
    else {
      this.idleSince = performance.now();
      this.onFree(this);
    }
  }
}

/** Up to `connections` keep-alive connections to `origin`; requests beyond them wait their turn. */
export class Http1Pool {
  private readonly host: string;
  private readonly port: number;
  private readonly hostHeader: string;
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly queue: Request[] = [];
  private readonly gets = new Map<string, Buffer>();
  private closing = false;

  constructor(
    origin: string,
    private readonly connections: number,
  ) {
    const url = new URL(origin);
    if (url.protocol !== 'http:') throw new Error(`${origin}: only http: is supported`);
    this.host = url.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(url.port || 80);
    this.hostHeader = url.host;
  }

  /** A GET whose whole request is built once per path. */
  get(path: string, keepBody = false): Promise<Http1Answer> {
    let bytes = this.gets.get(path);
    if (!bytes) {
      bytes = Buffer.from(`GET ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n\r\n`, 'latin1');
      this.gets.set(path, bytes);
    }
    return this.dispatch(bytes, keepBody);
  }

  /** A POST of a body already serialized, in one write with its head. */
  post(path: string, contentType: string, body: string, keepBody = true): Promise<Http1Answer> {
    const head = `POST ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\ncontent-type: ${contentType}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`;
    return this.dispatch(head + body, keepBody);
  }

  /** Ends every connection; requests not answered yet fail with `closed`. */
  close(): Promise<void> {
    this.closing = true;
    for (const r of this.queue.splice(0)) r.reject(new Http1Error('closed', 'the client closed'));
    const ends = [...this.all].map(
      (c) =>
        new Promise<void>((resolve) => {
          c.socket.once('close', () => resolve());
          c.destroy('closed', 'the client closed');
        }),
    );
    return Promise.all(ends).then(() => undefined);
  }

  private dispatch(bytes: Buffer | string, keepBody: boolean): Promise<Http1Answer> {
    return new Promise((resolve, reject) => {
      if (this.closing) {
        reject(new Http1Error('closed', 'the client closed'));
        return;
      }
      const request = { bytes, keepBody, resolve, reject };
      const connection = this.free();
      if (connection) connection.send(request);
      else this.queue.push(request);
    });
  }

  /** An idle connection safe to reuse, or a new one while under the limit. */
  private free(): Connection | undefined {
    const now = performance.now();
    for (let c = this.idle.pop(); c; c = this.idle.pop()) {
      if (now - c.idleSince < c.keepAliveMs - KEEP_ALIVE_MARGIN_MS) return c;
      c.destroy('closed', 'idle past the keep-alive timeout');
    }
    if (this.all.size >= this.connections) return undefined;
    const c = new Connection(
      this.port,
      this.host,
      (freed) => this.freed(freed),
      (gone) => this.lost(gone),
    );
    this.all.add(c);
    return c;
  }

  private freed(c: Connection): void {
    const next = this.queue.shift();
    if (next) c.send(next);
    else this.idle.push(c);
  }

  private lost(c: Connection): void {
    this.all.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
    // A request waiting for a connection gets a new one.
    if (!this.closing && this.queue.length > 0) {
      const fresh = this.free();
      const next = fresh && this.queue.shift();
      if (fresh && next) fresh.send(next);
    }
  }
}
