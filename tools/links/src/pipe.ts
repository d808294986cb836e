import type { Socket } from 'node:net';
import type { Toxic } from './toxic.js';

export interface PipeOptions {
  /** Bytes held (delayed) before the source is paused: backpressure, not memory, past it. */
  readonly bufferBytes: number;
  /** Numbers in [0, 1) for the jitter. */
  readonly rng: () => number;
  /** Sees every chunk first; false stops it there (the connection took over). */
  readonly admit?: (chunk: Buffer) => boolean;
  /** Bytes passed on (or held to be passed on). */
  readonly onBytes: (count: number) => void;
  /** Bytes a blackhole swallowed. */
  readonly onSwallowed: (count: number) => void;
}

interface Held {
  readonly chunk: Buffer;
  /** performance.now() at which it may leave. */
  readonly at: number;
}

/**
 * One direction of one proxied connection: the source's bytes to the sink,
 * through the toxic in effect. Without one, a chunk is written as it comes
 * and the source pauses while the sink is full, as `pipe` would. With
 * latency or bandwidth, chunks wait in order for their time; the source
 * pauses while the sink is full or more than `bufferBytes` wait.
 */
export class Pipe {
  private toxic: Toxic | undefined;
  private readonly held: Held[] = [];
  private heldBytes = 0;
  private lastRelease = 0;
  private timer: NodeJS.Timeout | undefined;
  private closeTimer: NodeJS.Timeout | undefined;
  private waitingDrain = false;
  private paused = false;
  private sourceEnded = false;
  private ending = false;
  /** Something was swallowed (bytes, or the close): the stream has a hole in it. */
  swallowed = false;

  constructor(
    private readonly source: Socket,
    private readonly sink: Socket,
    private readonly options: PipeOptions,
  ) {
    source.on('data', (chunk: Buffer) => this.take(chunk));
    source.on('end', () => {
      this.sourceEnded = true;
      this.maybeEnd();
    });
    sink.on('drain', () => {
      this.waitingDrain = false;
      this.release();
    });
  }

  get current(): Toxic | undefined {
    return this.toxic;
  }

  /** Changes the toxic; what is held already leaves at the time it was given. */
  set(toxic: Toxic | undefined): void {
    this.toxic = toxic;
    this.release();
  }

  /**
   * The source failed (reset, error): passes the reset on, as late as a
   * slow-close says, or swallows it in a blackhole (the sink hears of it
   * when the blackhole ends).
   */
  sourceFailed(reset: () => void): void {
    if (this.toxic?.kind === 'blackhole') {
      this.swallowed = true;
      return;
    }
    if (this.toxic?.kind === 'slow-close') this.closeTimer = setTimeout(reset, this.toxic.delayMs);
    else reset();
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.closeTimer);
    this.held.length = 0;
    this.heldBytes = 0;
  }

  private take(chunk: Buffer): void {
    if (this.options.admit && !this.options.admit(chunk)) return;
    const toxic = this.toxic;
    if (toxic?.kind === 'blackhole') {
      this.swallowed = true;
      this.options.onSwallowed(chunk.length);
      return;
    }
    this.options.onBytes(chunk.length);
    const delays = toxic?.kind === 'latency' || toxic?.kind === 'bandwidth';
    if (!delays && this.held.length === 0 && !this.waitingDrain) {
      if (!this.sink.write(chunk)) {
        this.waitingDrain = true;
        this.flow();
      }
      return;
    }
    const now = performance.now();
    let at = now;
    if (toxic?.kind === 'latency')
      at = now + Math.max(0, toxic.addMs + (2 * this.options.rng() - 1) * toxic.jitterMs);
    // KB/s is bytes per millisecond: the chunk takes that long to cross.
    else if (toxic?.kind === 'bandwidth')
      at = Math.max(now, this.lastRelease) + chunk.length / toxic.rateKBps;
    at = Math.max(at, this.lastRelease);
    this.lastRelease = at;
    this.held.push({ chunk, at });
    this.heldBytes += chunk.length;
    this.release();
  }

  /** Writes what is due, in order, and sets a timer for the next. */
  private release(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const now = performance.now();
    while (this.held.length > 0 && !this.waitingDrain && !this.sink.destroyed) {
      const head = this.held[0]!;
      if (head.at > now) {
        this.timer = setTimeout(() => this.release(), Math.ceil(head.at - now));
        break;
      }
      this.held.shift();
      this.heldBytes -= head.chunk.length;
      if (!this.sink.write(head.chunk)) this.waitingDrain = true;
    }
    this.flow();
    this.maybeEnd();
  }

  private flow(): void {
    const stop = this.waitingDrain || this.heldBytes > this.options.bufferBytes;
    if (stop && !this.paused) {
      this.paused = true;
      this.source.pause();
    } else if (!stop && this.paused) {
      this.paused = false;
      this.source.resume();
    }
  }

  /** Passes the source's end on once nothing is held (late under slow-close, never in a blackhole). */
  private maybeEnd(): void {
    if (!this.sourceEnded || this.ending || this.held.length > 0) return;
    if (this.toxic?.kind === 'blackhole') {
      this.swallowed = true;
      return;
    }
    this.ending = true;
    if (this.toxic?.kind === 'slow-close')
      this.closeTimer = setTimeout(() => this.sink.end(), this.toxic.delayMs);
    else this.sink.end();
  }
}
