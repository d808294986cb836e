import { connect, type Socket } from 'node:net';
import { Pipe } from './pipe.js';
import type { LinkCounters, LinkState } from './toxic.js';

export interface Upstream {
  readonly host: string;
  readonly port: number;
}

/** What a connection needs of its proxy. */
export interface ConnectionContext {
  readonly upstream: Upstream;
  readonly bufferBytes: number;
  readonly rng: () => number;
  readonly counters: LinkCounters;
  state(): LinkState;
  closed(connection: Connection): void;
}

const resetSocket = (socket: Socket) => {
  if (!socket.destroyed) socket.resetAndDestroy();
};

/**
 * A client's connection and the proxy's connection to the upstream, joined
 * by two pipes. A close travels through the pipe of its direction (late
 * under slow-close, held in a blackhole); a reset on one side resets the
 * other, so a peer sees what it would have seen without the proxy.
 */
export class Connection {
  private readonly server: Socket;
  private readonly up: Pipe;
  private readonly down: Pipe;
  private finished = false;

  constructor(
    private readonly client: Socket,
    private readonly context: ConnectionContext,
  ) {
    const { counters } = context;
    this.server = connect({
      host: context.upstream.host,
      port: context.upstream.port,
      allowHalfOpen: true,
      noDelay: true,
    });
    client.setNoDelay(true);
    const common = {
      bufferBytes: context.bufferBytes,
      rng: context.rng,
      onSwallowed: (n: number) => (counters.swallowedBytes += n),
    };
    this.up = new Pipe(client, this.server, {
      ...common,
      onBytes: (n) => (counters.bytesUp += n),
    });
    this.down = new Pipe(this.server, client, {
      ...common,
      onBytes: (n) => (counters.bytesDown += n),
      admit: () => this.admitReply(),
    });
    this.watch(client, this.server, this.up);
    this.watch(this.server, client, this.down);
    this.apply(context.state());
  }

  /** Takes the link's new state: toxics on each pipe, then what acts on the whole connection. */
  apply(state: LinkState): void {
    this.up.set(state.up);
    this.down.set(state.down);
    if (state.mode === 'reset') return this.reset();
    const holed = this.up.swallowed || this.down.swallowed;
    const blackholed = state.up?.kind === 'blackhole' || state.down?.kind === 'blackhole';
    if (holed && !blackholed) this.reset();
  }

  /** Resets both sides now. */
  reset(): void {
    if (this.client.destroyed && this.server.destroyed) return;
    this.context.counters.resets++;
    resetSocket(this.client);
    resetSocket(this.server);
  }

  private admitReply(): boolean {
    if (this.context.state().mode !== 'lost-reply') return true;
    this.context.counters.lostReplies++;
    this.reset();
    return false;
  }

  private watch(socket: Socket, other: Socket, pipe: Pipe): void {
    // The close that follows an error says all there is to say.
    socket.on('error', () => undefined);
    socket.on('close', (hadError) => {
      // A clean close follows the end, which the pipe passes on once what it holds has left.
      if (hadError && !other.destroyed) pipe.sourceFailed(() => resetSocket(other));
      if (this.client.destroyed && this.server.destroyed) this.finish();
    });
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.up.dispose();
    this.down.dispose();
    this.context.closed(this);
  }
}
