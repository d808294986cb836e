/**
 * With LAB_LINKS on, a stack's processes reach each other and the brokers
 * through link proxies: the launcher starts one link per client and server
 * (the edge to each replica of each gRPC service, every process to NATS,
 * Redis and the vault) and gives each process the links' addresses in
 * place of the servers'. Off, none of this runs and the stack is as before.
 */
import type { LabConfig } from '@lab/config';
import { rngFor, type ServiceName, type Variant } from '@lab/domain';
import { startLinks, type Links, type LinkSpec, type Upstream } from '@lab/links';
import type { AppSpec } from './app-process.js';
import { replicaName } from './replicas.js';

type Broker = 'nats' | 'redis' | 'vault';

/** The environment variable and setting that give a process each broker's addresses. */
const BROKER_URLS: Readonly<
  Record<Broker, { env: string; urls: (c: LabConfig) => readonly string[] }>
> = {
  nats: { env: 'NATS_URL', urls: (c) => c.nats.urls },
  redis: { env: 'REDIS_URL', urls: (c) => c.redis.urls },
  vault: { env: 'LAB_VAULT_URL', urls: (c) => c.vault.urls },
};

/** The port a URL of each scheme means when it names none (the protocols' own). */
const SCHEME_PORTS: Readonly<Record<string, number>> = {
  'nats:': 4222,
  'tls:': 4222,
  'redis:': 6379,
  'rediss:': 6379,
};

function upstreamOf(url: string): Upstream {
  const u = new URL(url);
  const port = u.port ? Number(u.port) : SCHEME_PORTS[u.protocol];
  if (port === undefined) throw new RangeError(`no port in ${url}`);
  return { host: u.hostname, port };
}

function withAddress(url: string, to: Upstream): string {
  const u = new URL(url);
  u.hostname = to.host;
  u.port = String(to.port);
  return u.toString();
}

/**
 * What a program connects to besides Redis: every async program and the
 * hybrid edge speak NATS; the edges (which tokenize cards) and payment
 * (which redeems them) use the vault.
 */
function brokersOf(spec: AppSpec): Broker[] {
  const gateway = spec.service === undefined;
  const nats = spec.dir.startsWith('apps/async/') || spec.dir === 'apps/hybrid/gateway';
  const vault = gateway || spec.service === 'payment';
  return [...(nats ? ['nats' as const] : []), 'redis', ...(vault ? ['vault' as const] : [])];
}

/** The gRPC services an edge calls, with their replicas' addresses, in replica order. */
function grpcServicesOf(config: LabConfig, kind: Variant): [ServiceName, readonly string[]][] {
  const stack = config.stacks[kind];
  if (!('services' in stack)) return [];
  const services = stack.services as Partial<Record<ServiceName, { addresses: readonly string[] }>>;
  return Object.entries(services).map(([s, v]) => [s as ServiceName, v!.addresses]);
}

const splitAddress = (a: string): Upstream => {
  const i = a.lastIndexOf(':');
  return { host: a.slice(0, i), port: Number(a.slice(i + 1)) };
};

/** Every link of the stack: `config` is what the apps read (the stack's environment). */
export function stackLinkSpecs(
  kind: Variant,
  config: LabConfig,
  apps: readonly AppSpec[],
): LinkSpec[] {
  const specs: LinkSpec[] = [];
  for (const app of apps) {
    if (app.service === undefined)
      for (const [service, addresses] of grpcServicesOf(config, kind))
        addresses.forEach((a, i) =>
          specs.push({
            client: app.name,
            server: replicaName(kind, service, i + 1),
            upstreams: [splitAddress(a)],
          }),
        );
    for (const broker of brokersOf(app))
      specs.push({
        client: app.name,
        server: broker,
        upstreams: BROKER_URLS[broker].urls(config).map(upstreamOf),
      });
  }
  return specs;
}

/** The environment that points an app at its links instead of the servers. */
export function linkedEnv(
  kind: Variant,
  config: LabConfig,
  app: AppSpec,
  links: Links,
): Record<string, string> {
  const env: Record<string, string> = {};
  const linkTo = (server: string) => links.get(`${app.name}->${server}`);
  for (const broker of brokersOf(app)) {
    const link = linkTo(broker);
    if (!link) continue;
    env[BROKER_URLS[broker].env] = BROKER_URLS[broker]
      .urls(config)
      .map((u) => withAddress(u, link.addressFor(upstreamOf(u))))
      .join(',');
  }
  if (app.service === undefined)
    for (const [service, addresses] of grpcServicesOf(config, kind)) {
      const proxied = addresses.map((a, i) => {
        const link = linkTo(replicaName(kind, service, i + 1));
        const to = link ? link.addressFor(splitAddress(a)) : splitAddress(a);
        return `${to.host}:${to.port}`;
      });
      env[`LAB_${kind.toUpperCase()}_${service.toUpperCase()}_ADDRESSES`] = proxied.join(',');
    }
  return env;
}

/**
 * Starts the stack's links and gives back the apps, each with its links'
 * addresses in its environment; or, with links off, the apps as they were.
 */
export async function linkStack(
  kind: Variant,
  config: LabConfig,
  apps: readonly AppSpec[],
): Promise<{ links: Links | undefined; apps: AppSpec[] }> {
  if (!config.links.enabled) return { links: undefined, apps: [...apps] };
  const links = await startLinks(stackLinkSpecs(kind, config, apps), {
    host: config.host,
    bufferBytes: config.links.bufferBytes,
    rngFor: (name) => rngFor(config.simulation.seed, 'link', name),
  });
  return {
    links,
    apps: apps.map((a) => ({ ...a, env: { ...a.env, ...linkedEnv(kind, config, a, links) } })),
  };
}
