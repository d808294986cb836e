import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { ServiceName, Variant } from '@lab/domain';
import { ParseProblem } from './parsers.js';
import { replicaPort } from './replicas.js';
import { REPLICATED_SERVICES, SENTINELS, SETTINGS } from './schema.js';
import type { Resolved } from './setting.js';
import { nest, type Leaf, type LeavesOf, type Tree } from './tree.js';

const MAX_PORT = 65_535;

/** The brokers the project starts itself unless their URL setting points elsewhere. */
const MANAGED_BROKERS = ['nats', 'redis', 'vault'] as const;
type Broker = (typeof MANAGED_BROKERS)[number];

/**
 * `<broker>.managed`: true when the project starts its own server (its
 * `<broker>.urls` setting, NATS_URL, REDIS_URL or LAB_VAULT_URL, is unset).
 * Worked out by the loader, not read: no setting of its own.
 */
type Managed = { [B in Broker]: Leaf<`${B}.managed`, boolean> }[Broker];

/**
 * The whole configuration, frozen: every setting of `SETTINGS` at its path,
 * with its parser's type (each one's variable, default and meaning are in
 * schema.ts and docs/configuration.md), and the `managed` flags beside them.
 */
export type LabConfig = Tree<ConfigLeaf>;
type ConfigLeaf = LeavesOf<(typeof SETTINGS)[number]> | Managed;
export type SyncStackConfig = LabConfig['stacks']['sync'];
export type AsyncStackConfig = LabConfig['stacks']['async'];
export type HybridStackConfig = LabConfig['stacks']['hybrid'];
/** A gRPC service: where it listens, and the host:port of every replica its clients balance over. */
export type GrpcServiceConfig = SyncStackConfig['services'][ServiceName];
/** Processes of each service a launcher starts; replica k listens at `replicaPort(port, k)`. */
export type ServiceReplicas = SyncStackConfig['replicas'];
export type LogLevel = LabConfig['logLevel'];
/** @deprecated The variants have one name: `Variant` from `@lab/domain`. Kept until tools/loadtest moves. */
export type StackName = Variant;

/** One or more settings are wrong; the message names each one. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid_config';
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`, options);
  }
}

export interface LoadOptions {
  /** Values that win over the environment (tests, the load tool). */
  readonly overrides?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Where relative folders are resolved; defaults to the folder holding nx.json above cwd. */
  readonly workspaceRoot?: string;
}

/** The folder holding nx.json at or above `from`, or `from` itself if none. */
export function findWorkspaceRoot(from = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Reads every setting from the environment (and overrides), validates it, and
 * returns one frozen object. Every problem is reported at once, each naming the
 * variable to fix and the setting it feeds.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: LoadOptions = {},
): LabConfig {
  const source = (name: string): string | undefined => {
    const override = options.overrides?.[name];
    if (override !== undefined) return String(override);
    return env[name];
  };
  const resolved = new Map<string, unknown>();
  const problems: string[] = [];

  for (const s of SETTINGS) {
    const raw = source(s.env);
    if (raw === undefined || (raw === '' && s.env !== 'LAB_CONTROL_TOKEN')) {
      const fallback: unknown = s.defaultValue;
      resolved.set(
        s.path,
        typeof fallback === 'function'
          ? (fallback as (r: Resolved) => unknown)(resolved)
          : fallback,
      );
      continue;
    }
    try {
      resolved.set(s.path, s.parse(raw));
    } catch (error) {
      const why = error instanceof ParseProblem ? error.message : String(error);
      const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
      problems.push(`${s.env} (${s.path}): ${why}, got "${shown}"`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);

  for (const broker of MANAGED_BROKERS) {
    const urls = SETTINGS.find((s) => s.path === `${broker}.urls`)!;
    const given = source(urls.env);
    resolved.set(`${broker}.managed`, given === undefined || given === '');
  }
  // In sentinel mode the Sentinel list, not REDIS_URL, says where Redis is.
  if (resolved.get('redis.mode') === 'sentinel') {
    const given = source('LAB_REDIS_SENTINELS');
    resolved.set('redis.managed', given === undefined || given === '');
  }
  const root = options.workspaceRoot ?? findWorkspaceRoot();
  const dataDir = resolved.get('dataDir');
  if (typeof dataDir === 'string' && !isAbsolute(dataDir)) {
    resolved.set('dataDir', resolve(root, dataDir));
  }
  const config = nest<ConfigLeaf>(resolved);
  problems.push(...crossChecks(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);
}

function valueAt(c: LabConfig, path: string): unknown {
  return path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], c);
}

/** Rules that span settings: no two servers on one port, no two stacks in one namespace. */
function crossChecks(c: LabConfig): string[] {
  const problems: string[] = [];
  const ports = new Map<number, string>();
  const claim = (p: number, who: string) => {
    const holder = ports.get(p);
    if (holder) problems.push(`${who}: port ${p} is already taken by ${holder}`);
    else ports.set(p, who);
  };
  if (c.nats.managed) {
    for (let k = 0; k < c.nats.nodes; k++) {
      const node = k === 0 ? '' : `, node ${k + 1} (LAB_NATS_NODES)`;
      claim(c.nats.port + k, `NATS_PORT${node}`);
      claim(c.nats.monitorPort + k, `NATS_MONITOR_PORT${node}`);
      if (c.nats.nodes > 1) claim(c.nats.clusterPort + k, `LAB_NATS_CLUSTER_PORT${node}`);
    }
  }
  if (c.redis.managed) claim(c.redis.port, 'REDIS_PORT');
  if (c.redis.managed && c.redis.mode === 'sentinel') {
    claim(c.redis.replicaPort, 'LAB_REDIS_REPLICA_PORT');
    for (let k = 0; k < SENTINELS; k++)
      claim(c.redis.sentinelPort + k, `LAB_REDIS_SENTINEL_PORT${k === 0 ? '' : ` + ${k}`}`);
  }
  if (c.vault.managed) claim(c.vault.port, 'LAB_VAULT_PORT');
  claim(c.control.brokersPort, 'LAB_BROKERS_CONTROL_PORT');
  for (const s of SETTINGS) {
    if (
      s.path.startsWith('stacks.') &&
      (s.path.endsWith('.port') || /Port(s\.\w+)?$/.test(s.path))
    ) {
      const value = valueAt(c, s.path);
      if (typeof value === 'number') claim(value, s.env);
    }
  }
  // After every configured port, so a clash names the replica count that caused it.
  for (const { port, metricsPort, replicas } of REPLICATED_SERVICES) {
    for (const setting of metricsPort ? [port, metricsPort] : [port]) {
      const first = valueAt(c, setting.path) as number;
      for (let k = 2; k <= (valueAt(c, replicas.path) as number); k++) {
        const who = `${replicas.env} (${replicas.path}), replica ${k}${setting === port ? '' : ' metrics'}`;
        const p = replicaPort(first, k);
        if (p > MAX_PORT) problems.push(`${who}: port ${p} is above ${MAX_PORT}`);
        else claim(p, who);
      }
    }
  }
  const namespaces = [c.stacks.sync.namespace, c.stacks.async.namespace, c.stacks.hybrid.namespace];
  if (new Set(namespaces).size !== namespaces.length) {
    problems.push(
      `LAB_SYNC_NAMESPACE, LAB_ASYNC_NAMESPACE, LAB_HYBRID_NAMESPACE: must differ, got ${namespaces.join(', ')}`,
    );
  }
  // Node refuses a server whose headers may take longer than its whole request.
  if (c.http.headersTimeoutMs > c.http.requestTimeoutMs) {
    problems.push(
      `LAB_HTTP_HEADERS_TIMEOUT_MS (http.headersTimeoutMs): must not exceed LAB_HTTP_REQUEST_TIMEOUT_MS (${c.http.requestTimeoutMs}), got ${c.http.headersTimeoutMs}`,
    );
  }
  if (c.control.enabled && c.control.token.length < 16) {
    problems.push(
      'LAB_CONTROL_TOKEN (control.token): must be at least 16 characters when LAB_CONTROL_ENABLED is on',
    );
  }
  return problems;
}

/** The settings as rows (docs/configuration.md is written from them). */
export function describeSettings(): { env: string; path: string; doc: string; default: string }[] {
  const defaults = loadConfig({}, { workspaceRoot: '/' });
  return SETTINGS.map((s) => {
    const value = valueAt(defaults, s.path);
    const shown = Array.isArray(value) ? value.join(',') : String(value);
    return {
      env: s.env,
      path: s.path,
      doc: s.doc,
      default: s.path === 'dataDir' ? '.lab/data' : shown,
    };
  });
}
