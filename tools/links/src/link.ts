import type { Upstream } from './connection.js';
import { LinkProxy } from './link-proxy.js';
import { describeState, zeroCounters, type LinkCounters, type LinkState } from './toxic.js';

/** A link between a client process and a server it talks to. */
export interface LinkSpec {
  /** The process that connects: sync-gateway, async-payment-2… */
  readonly client: string;
  /** What it connects to: a process (sync-payment) or a broker (nats, redis, vault). */
  readonly server: string;
  /** Every address of the server (replicas of a broker cluster): one proxy each. */
  readonly upstreams: readonly Upstream[];
}

export interface LinkOptions {
  readonly host?: string;
  readonly bufferBytes: number;
  /** A seeded source of numbers in [0, 1) for the link of this name. */
  readonly rngFor: (link: string) => () => number;
}

/** `client->server`: how a link is named in fault targets and logs. */
export const linkName = (client: string, server: string): string => `${client}->${server}`;

/**
 * One link: a proxy in front of each of the server's addresses, all under
 * one state. The client is given `addresses` instead of the server's.
 */
export class Link {
  private constructor(
    readonly spec: LinkSpec,
    private readonly proxies: readonly LinkProxy[],
  ) {}

  static async start(spec: LinkSpec, options: LinkOptions): Promise<Link> {
    const name = linkName(spec.client, spec.server);
    const rng = options.rngFor(name);
    const proxies: LinkProxy[] = [];
    try {
      for (const upstream of spec.upstreams)
        proxies.push(
          await LinkProxy.start({
            upstream,
            bufferBytes: options.bufferBytes,
            rng,
            ...(options.host ? { host: options.host } : {}),
          }),
        );
    } catch (error) {
      await Promise.all(proxies.map((p) => p.close()));
      throw error;
    }
    return new Link(spec, proxies);
  }

  get name(): string {
    return linkName(this.spec.client, this.spec.server);
  }

  /** Where the client connects, in the order of the server's addresses. */
  get addresses(): Upstream[] {
    return this.proxies.map((p) => p.address);
  }

  /** The address the client uses in place of `upstream`. */
  addressFor(upstream: Upstream): Upstream {
    const proxy = this.proxies.find(
      (p) => p.upstream.host === upstream.host && p.upstream.port === upstream.port,
    );
    if (!proxy)
      throw new RangeError(`${this.name} has no proxy for ${upstream.host}:${upstream.port}`);
    return proxy.address;
  }

  set(state: LinkState): void {
    for (const p of this.proxies) p.set(state);
  }

  clear(): void {
    this.set({});
  }

  current(): LinkState {
    return this.proxies[0]?.current() ?? {};
  }

  describe(): string {
    return `${this.name}: ${describeState(this.current())}`;
  }

  counters(): LinkCounters {
    const sum = zeroCounters();
    for (const p of this.proxies)
      for (const k of Object.keys(sum) as (keyof LinkCounters)[]) sum[k] += p.counters[k];
    return sum;
  }

  close(): Promise<void> {
    return Promise.all(this.proxies.map((p) => p.close())).then(() => undefined);
  }
}

/** The links of a stack, started together, closed together. */
export interface Links {
  readonly all: readonly Link[];
  get(name: string): Link | undefined;
  close(): Promise<void>;
}

export async function startLinks(specs: readonly LinkSpec[], options: LinkOptions): Promise<Links> {
  const names = specs.map((s) => linkName(s.client, s.server));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new RangeError(`link ${twice} is given twice`);
  const all: Link[] = [];
  try {
    for (const spec of specs) all.push(await Link.start(spec, options));
  } catch (error) {
    await Promise.all(all.map((l) => l.close()));
    throw error;
  }
  const byName = new Map(all.map((l) => [l.name, l]));
  return {
    all,
    get: (name) => byName.get(name),
    close: async () => void (await Promise.all(all.map((l) => l.close()))),
  };
}
