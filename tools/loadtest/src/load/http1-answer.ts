/**
 * Reads one HTTP/1.1 answer from a connection's bytes, as they arrive: its
 * status, its body if kept, and the headers the load tool's pool needs
 * (Server-Timing, Connection, Keep-Alive, the body's framing), with no stream
 * and no header object. Bodies framed by Content-Length, chunked (trailers
 * read and dropped) or read to the connection's close.
 */

export interface Http1Answer {
  readonly status: number;
  /** The body, if asked to keep it; '' otherwise. */
  readonly body: string;
  /** The Server-Timing header's value, if any. */
  readonly serverTiming?: string;
}

/** What a read of some bytes came to. */
export type AnswerStep =
  | { readonly kind: 'more' }
  | { readonly kind: 'answer'; readonly answer: Http1Answer; readonly extra: boolean }
  | { readonly kind: 'bad'; readonly message: string };

const CRLF2 = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
/** A head longer than this without its end is not an answer of the edge's. */
const MAX_HEAD = 64 * 1024;
const MORE: AnswerStep = { kind: 'more' };

/** A header's value in a lowered head, or undefined. `name` is lowered, with its colon. */
function headerOf(lowered: string, original: string, name: string): string | undefined {
  const at = lowered.indexOf(`\r\n${name}`);
  if (at < 0) return undefined;
  const from = at + 2 + name.length;
  const end = lowered.indexOf('\r\n', from);
  return original.slice(from, end < 0 ? undefined : end).trim();
}

/** The answers of one connection, one after another. */
export class AnswerReader {
  /** The server closes the connection after the answer read last. */
  closeAfter = false;
  /** The server's Keep-Alive timeout, ms, once an answer said it. */
  keepAliveMs = Infinity;
  private keepBody = false;
  private pending: Buffer | undefined;
  private status = 0;
  private serverTiming: string | undefined;
  private mode: 'head' | 'length' | 'chunked' | 'close' = 'head';
  private left = 0;
  private chunkState: 'size' | 'data' | 'trailer' = 'size';
  private body: Buffer[] = [];

  /** Expects the next answer; its body is kept or dropped. */
  expect(keepBody: boolean): void {
    this.keepBody = keepBody;
    this.mode = 'head';
    this.pending = undefined;
    this.body = [];
  }

  /** Bytes of the connection; an answer once its last byte is in. */
  read(chunk: Buffer): AnswerStep {
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    if (this.mode === 'head') {
      const end = data.indexOf(CRLF2);
      if (end < 0) {
        if (data.length > MAX_HEAD) return { kind: 'bad', message: 'an answer head over 64 KB' };
        this.pending = data;
        return MORE;
      }
      const bad = this.head(data.toString('latin1', 0, end + 2));
      if (bad) return { kind: 'bad', message: bad };
      data = data.subarray(end + 4);
    }
    return this.mode === 'length'
      ? this.fixed(data)
      : this.mode === 'close'
        ? (this.keep(data), MORE)
        : this.chunks(data);
  }

  /** The connection ended: an answer read to its close is whole now; any other is cut short. */
  ended(): Http1Answer | undefined {
    return this.mode === 'close' ? this.answer() : undefined;
  }

  /** Reads the status line and headers; says what is wrong with a bad head. */
  private head(head: string): string | undefined {
    if (!head.startsWith('HTTP/1.')) return `not an HTTP/1.x answer: ${head.slice(0, 40)}`;
    this.status = Number(head.slice(9, 12));
    if (!(this.status >= 200 && this.status <= 599))
      return `an answer status the client does not take: ${head.slice(0, 40)}`;
    const lowered = head.toLowerCase();
    this.serverTiming = headerOf(lowered, head, 'server-timing:');
    const connection = headerOf(lowered, lowered, 'connection:');
    this.closeAfter = connection === 'close' || head.startsWith('HTTP/1.0');
    const keepAlive = headerOf(lowered, lowered, 'keep-alive:');
    const timeout = keepAlive && /timeout=(\d+)/.exec(keepAlive);
    if (timeout) this.keepAliveMs = Number(timeout[1]) * 1000;
    const length = headerOf(lowered, lowered, 'content-length:');
    if (headerOf(lowered, lowered, 'transfer-encoding:')?.includes('chunked')) {
      this.mode = 'chunked';
      this.chunkState = 'size';
    } else if (length !== undefined) {
      this.left = Number(length);
      if (!Number.isSafeInteger(this.left) || this.left < 0)
        return `a Content-Length that is no length: ${length}`;
      this.mode = 'length';
    } else if (this.status === 204 || this.status === 304) {
      this.mode = 'length';
      this.left = 0;
    } else {
      this.mode = 'close';
      this.closeAfter = true;
    }
    return undefined;
  }

  private keep(data: Buffer): void {
    if (this.keepBody && data.length > 0) this.body.push(data);
  }

  private fixed(data: Buffer): AnswerStep {
    const take = Math.min(this.left, data.length);
    this.keep(data.subarray(0, take));
    this.left -= take;
    return this.left > 0 ? MORE : this.done(data.length > take);
  }

  private chunks(data: Buffer): AnswerStep {
    let at = 0;
    while (at < data.length) {
      if (this.chunkState === 'data') {
        const take = Math.min(this.left, data.length - at);
        this.keep(data.subarray(at, at + take));
        this.left -= take;
        at += take;
        if (this.left > 0) return MORE;
        // The chunk's CRLF is read with the next size line.
        this.chunkState = 'size';
        continue;
      }
      const end = data.indexOf(CRLF, at);
      if (end < 0) {
        this.pending = data.subarray(at);
        return MORE;
      }
      const line = data.toString('latin1', at, end);
      at = end + 2;
      if (this.chunkState === 'trailer') {
        // Trailers end with an empty line.
        if (line === '') return this.done(at < data.length);
        continue;
      }
      // The CRLF after a chunk's data reads as an empty size line.
      if (line === '') continue;
      const size = parseInt(line, 16);
      if (!Number.isSafeInteger(size) || size < 0)
        return { kind: 'bad', message: `a chunk size that is no size: ${line.slice(0, 20)}` };
      if (size === 0) this.chunkState = 'trailer';
      else {
        this.chunkState = 'data';
        this.left = size;
      }
    }
    return MORE;
  }

  private done(extra: boolean): AnswerStep {
    return { kind: 'answer', answer: this.answer(), extra };
  }

  private answer(): Http1Answer {
    const body = !this.keepBody
      ? ''
      : this.body.length === 1
        ? this.body[0]!.toString()
        : Buffer.concat(this.body).toString();
    this.body = [];
    this.mode = 'head';
    return this.serverTiming === undefined
      ? { status: this.status, body }
      : { status: this.status, body, serverTiming: this.serverTiming };
  }
}
