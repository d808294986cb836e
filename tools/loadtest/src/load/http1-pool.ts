/**
 * Keep-alive HTTP/1.1 connections to one origin, one request at a time on
 * each, for the load tool's requests only: a request is written in one
 * `write` of a prebuilt head (a GET's whole request is built once per path),
 * and an answer is parsed with no stream and no header object (http1-answer.ts):
 * its status, its body if kept, and the one header the tool reads (Server-Timing). What
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
import { connect, type Socket } from 'node:net';
import { AnswerReader, type Http1Answer } from './http1-answer.js';

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

/**
 * A connection idle longer than the server's Keep-Alive timeout less this
 * may be closed by the server as the next request is written to it (a reset
 * counted against the stack): it is closed and a new one opened instead,
 * as undici does.
 */
const KEEP_ALIVE_MARGIN_MS = 1000;

/** One connection and the answer it is reading. */
class Connection {
  readonly socket: Socket;
  request: Request | undefined;
  idleSince = 0;
  private readonly reader = new AnswerReader();
  private connected = false;
  private closed = false;

  constructor(
    port: number,
    host: string,
    private readonly onFree: (c: Connection) => void,
    private readonly onGone: (c: Connection) => void,
  ) {
    this.socket = connect({ port, host, noDelay: true });
    this.socket.on('connect', () => {
      this.connected = true;
      // A request sent before the connection was up goes now.
      if (this.request) this.socket.write(this.request.bytes);
    });
    this.socket.on('data', (chunk: Buffer) => this.read(chunk));
    this.socket.on('end', () => {
      // A body read to the close ends here; anything else is an answer cut short.
      const answer = this.request && this.reader.ended();
      if (answer) this.complete(answer, false);
      this.gone('ECONNRESET', 'the server closed the connection before answering');
    });
    this.socket.on('error', (error: NodeJS.ErrnoException) =>
      this.gone(error.code ?? 'socket_error', error.message),
    );
    this.socket.on('close', () => this.gone('ECONNRESET', 'the connection closed'));
  }

  /** The server's Keep-Alive timeout, ms, once an answer said it. */
  get keepAliveMs(): number {
    return this.reader.keepAliveMs;
  }

  send(request: Request): void {
    this.request = request;
    this.reader.expect(request.keepBody);
    if (this.connected) this.socket.write(request.bytes);
  }

  /** Closes the connection; a request on it fails with `code`. */
  destroy(code: string, message: string): void {
    this.gone(code, message);
    this.socket.destroy();
  }

  private gone(code: string, message: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    const request = this.request;
    this.request = undefined;
    this.onGone(this);
    request?.reject(new Http1Error(code, message));
  }

  private read(chunk: Buffer): void {
    if (!this.request) {
      // Bytes nobody asked for: not a server to keep talking to.
      this.destroy('bad_answer', 'bytes before any request');
      return;
    }
    const step = this.reader.read(chunk);
    if (step.kind === 'bad') this.destroy('bad_answer', step.message);
    else if (step.kind === 'answer') this.complete(step.answer, step.extra);
  }

  private complete(answer: Http1Answer, extra: boolean): void {
    const request = this.request!;
    this.request = undefined;
    request.resolve(answer);
    // More than the answer (one request at a time: nothing may follow), or a server that closes.
    if (extra) this.destroy('bad_answer', 'bytes after the answer');
    else if (this.reader.closeAfter) this.destroy('ECONNRESET', 'closed after its answer');
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
