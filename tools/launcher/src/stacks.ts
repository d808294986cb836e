import { freePorts } from '@lab/brokers';
import { findWorkspaceRoot } from '@lab/config';
import { AppProcess } from './app-process.js';

export type StackKind = 'sync';

export interface StartStackOptions {
  /** Points the apps at brokers (NATS_URL, REDIS_URL…), usually from startBrokers(). */
  readonly env: Readonly<Record<string, string>>;
  /** Any other setting, e.g. LAB_TIME_SCALE. */
  readonly settings?: Readonly<Record<string, string | number>>;
  readonly workspaceRoot?: string;
  readonly onOutput?: (app: string, line: string) => void;
}

export interface RunningStack {
  readonly kind: StackKind;
  /** The HTTP edge, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly apps: ReadonlyMap<string, AppProcess>;
  /** The environment every app got: the config of this stack. */
  readonly env: Readonly<Record<string, string>>;
  app(name: string): AppProcess;
  stop(): Promise<void>;
}

const SYNC_SERVICES = ['payment', 'inventory', 'notification', 'analytics', 'warehouse'] as const;

/**
 * Starts the sync stack from its compiled apps on free ports: the five
 * services first, then the gateway once they serve. Each app is its own
 * process, so stopping one is a real outage for the others.
 */
export async function startStack(
  kind: StackKind,
  options: StartStackOptions,
): Promise<RunningStack> {
  const root = options.workspaceRoot ?? findWorkspaceRoot();
  const ports = await freePorts(SYNC_SERVICES.length + 1);
  const env: Record<string, string> = {
    LAB_LOG_LEVEL: 'warn',
    ...options.env,
    ...Object.fromEntries(Object.entries(options.settings ?? {}).map(([k, v]) => [k, String(v)])),
    LAB_STACK: kind,
    LAB_SYNC_GATEWAY_PORT: String(ports[0]),
  };
  SYNC_SERVICES.forEach((s, i) => {
    env[`LAB_SYNC_${s.toUpperCase()}_PORT`] = String(ports[i + 1]);
  });
  const url = `http://127.0.0.1:${ports[0]}`;
  const services = SYNC_SERVICES.map(
    (s) =>
      new AppProcess({ name: `sync-${s}`, dir: `apps/sync/${s}`, env }, root, options.onOutput),
  );
  const gateway = new AppProcess(
    { name: 'sync-gateway', dir: 'apps/sync/gateway', env, healthUrl: `${url}/healthz` },
    root,
    options.onOutput,
  );
  const apps = new Map([...services, gateway].map((a) => [a.name, a]));
  const stop = async () => {
    await gateway.stop();
    await Promise.all(services.map((s) => s.stop()));
  };
  try {
    await Promise.all(services.map((s) => s.start()));
    await gateway.start();
  } catch (error) {
    const outputs = [...apps.values()].map((a) => `--- ${a.name}\n${a.output()}`).join('\n');
    await Promise.all([...apps.values()].map((a) => a.kill()));
    throw new Error(`${(error as Error).message}\n${outputs}`);
  }
  return {
    kind,
    url,
    apps,
    env,
    app: (name) => {
      const app = apps.get(name);
      if (!app)
        throw new RangeError(
          `no app ${name} in the ${kind} stack (${[...apps.keys()].join(', ')})`,
        );
      return app;
    },
    stop,
  };
}
