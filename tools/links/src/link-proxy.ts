import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Connection, type Upstream } from './connection.js';
import { zeroCounters, type LinkCounters, type LinkState } from './toxic.js';

export interface LinkProxyOptions {
  /** Where the proxy forwards to. */
  readonly upstream: Upstream;
  /** Where it listens; loopback unless told, on a port the OS picks unless given. */
  readonly host?: string;
  readonly port?: number;
  /** Bytes one direction of a connection holds (latency, bandwidth) before it stops reading. */
  readonly bufferBytes: number;
  /** Numbers in [0, 1) for the jitter; seeded by the caller so a run repeats. */
  readonly rng: () => number;
}

/**
 * A TCP proxy in front of one server: every connection to it is joined to
 * a connection of its own to the upstream, through the toxics of the link's
 * state. With none, bytes pass as they come, with the sockets' own
 * backpressure.
 */
export class LinkProxy {
  readonly counters: LinkCounters = zeroCounters();
  private state: LinkState = {};
  private readonly connections = new Set<Connection>();

  private constructor(
    private readonly server: Server,
    readonly upstream: Upstream,
  ) {}

  static async start(options: LinkProxyOptions): Promise<LinkProxy> {
    const server = createServer({ allowHalfOpen: true }, (socket) => proxy.accept(socket, options));
    const proxy = new LinkProxy(server, options.upstream);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // A failed accept (too many files) must not end the process that runs the proxy.
    server.on('error', () => undefined);
    return proxy;
  }

  /** Where clients connect instead of the upstream. */
  get address(): Upstream {
    const a = this.server.address() as AddressInfo;
    return { host: a.address, port: a.port };
  }

  get openConnections(): number {
    return this.connections.size;
  }

  /** Puts a state in effect on every connection, open and to come. */
  set(state: LinkState): void {
    this.state = state;
    for (const c of [...this.connections]) c.apply(state);
  }

  current(): LinkState {
    return this.state;
  }

  /** Stops listening and resets every connection. */
  close(): Promise<void> {
    for (const c of [...this.connections]) c.reset();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket, options: LinkProxyOptions): void {
    this.counters.accepted++;
    socket.on('error', () => undefined);
    if (this.state.mode === 'reset') {
      this.counters.resets++;
      socket.resetAndDestroy();
      return;
    }
    const connection = new Connection(socket, {
      upstream: this.upstream,
      bufferBytes: options.bufferBytes,
      rng: options.rng,
      counters: this.counters,
      state: () => this.state,
      closed: (c) => this.connections.delete(c),
    });
    this.connections.add(connection);
  }
}
