import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ParseProblem } from './parsers.js';
import { replicaPort } from './replicas.js';
import { REPLICATED_SERVICES, SETTINGS, type Resolved } from './schema.js';
import type { LabConfig } from './types.js';

const MAX_PORT = 65_535;

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

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1)!] = value;
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
  const out: Record<string, unknown> = {};

  for (const s of SETTINGS) {
    const raw = source(s.env);
    let value: unknown;
    if (raw === undefined || (raw === '' && s.env !== 'LAB_CONTROL_TOKEN')) {
      value =
        typeof s.defaultValue === 'function'
          ? (s.defaultValue as (r: Resolved) => unknown)(resolved)
          : s.defaultValue;
    } else {
      try {
        value = s.parse(raw);
      } catch (error) {
        const why = error instanceof ParseProblem ? error.message : String(error);
        const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
        problems.push(`${s.env} (${s.path}): ${why}, got "${shown}"`);
        continue;
      }
    }
    resolved.set(s.path, value);
    setPath(out, s.path, Array.isArray(value) ? [...(value as unknown[])] : value);
  }

  setPath(out, 'nats.managed', source('NATS_URL') === undefined || source('NATS_URL') === '');
  setPath(out, 'redis.managed', source('REDIS_URL') === undefined || source('REDIS_URL') === '');
  setPath(
    out,
    'vault.managed',
    source('LAB_VAULT_URL') === undefined || source('LAB_VAULT_URL') === '',
  );
  if (problems.length === 0) problems.push(...crossChecks(out as unknown as LabConfig));
  if (problems.length > 0) throw new ConfigError(problems);

  const root = options.workspaceRoot ?? findWorkspaceRoot();
  const config = out as unknown as { dataDir: string };
  if (!isAbsolute(config.dataDir)) config.dataDir = resolve(root, config.dataDir);
  return deepFreeze(out as unknown as LabConfig);
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
    claim(c.nats.port, 'NATS_PORT');
    claim(c.nats.monitorPort, 'NATS_MONITOR_PORT');
  }
  if (c.redis.managed) claim(c.redis.port, 'REDIS_PORT');
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
  for (const { port, replicas } of REPLICATED_SERVICES) {
    const first = valueAt(c, port.path) as number;
    for (let k = 2; k <= (valueAt(c, replicas.path) as number); k++) {
      const who = `${replicas.env} (${replicas.path}), replica ${k}`;
      const p = replicaPort(first, k);
      if (p > MAX_PORT) problems.push(`${who}: port ${p} is above ${MAX_PORT}`);
      else claim(p, who);
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

/** The settings as a table (for --help and the README). */
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
