import { findWorkspaceRoot, loadConfig } from '@lab/config';
import type { Variant } from '@lab/domain';
import { AppProcess } from './app-process.js';
import { freeReplicaPorts, replicaSpecs } from './replicas.js';
import { STACK_APPS } from './stack-apps.js';

export interface StartStackOptions {
  /** Points the apps at brokers (NATS_URL, REDIS_URL…), usually from startBrokers(). */
  readonly env: Readonly<Record<string, string>>;
  /**
   * Any other setting, e.g. LAB_TIME_SCALE; `LAB_<STACK>_<SERVICE>_REPLICAS`
   * starts that many processes of the service.
   */
  readonly settings?: Readonly<Record<string, string | number>>;
  readonly workspaceRoot?: string;
  readonly onOutput?: (app: string, line: string) => void;
}

export interface RunningStack {
  readonly kind: Variant;
  /** The HTTP edge, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** Every process by name; replicas after the first are `<stack>-<service>-2`, `-3`… */
  readonly apps: ReadonlyMap<string, AppProcess>;
  /** The environment every app got: the config of this stack (a replica adds its own port). */
  readonly env: Readonly<Record<string, string>>;
  app(name: string): AppProcess;
  stop(): Promise<void>;
}

/**
 * Starts a stack from its compiled apps on free ports: the services first,
 * then the gateway once they serve. Each app is its own process, so stopping
 * one is a real outage for the others; a service with replicas is several.
 */
export async function startStack(kind: Variant, options: StartStackOptions): Promise<RunningStack> {
  const root = options.workspaceRoot ?? findWorkspaceRoot();
  const entries = STACK_APPS[kind];
  const prefix = `LAB_${kind.toUpperCase()}`;
  const env: Record<string, string> = {
    LAB_LOG_LEVEL: 'warn',
    ...options.env,
    ...Object.fromEntries(Object.entries(options.settings ?? {}).map(([k, v]) => [k, String(v)])),
    LAB_STACK: kind,
  };
  // Read as the apps will read it, so a bad count stops here, named, before any process starts.
  const { replicas } = loadConfig({ ...process.env, ...env }, { workspaceRoot: root }).stacks[kind];
  const [gatewayPort, ...firstPorts] = await freeReplicaPorts([
    1,
    ...entries.map((e) => replicas[e.service]),
  ]);
  env[`${prefix}_GATEWAY_PORT`] = String(gatewayPort);
  entries.forEach((e, i) => {
    env[`${prefix}_${e.service.toUpperCase()}_PORT`] = String(firstPorts[i]);
  });
  const url = `http://127.0.0.1:${gatewayPort}`;
  const services = entries
    .flatMap((e, i) =>
      replicaSpecs(kind, e, { replicas: replicas[e.service], port: firstPorts[i]!, env }),
    )
    .map((spec) => new AppProcess(spec, root, options.onOutput));
  const gateway = new AppProcess(
    { name: `${kind}-gateway`, dir: `apps/${kind}/gateway`, env, healthUrl: `${url}/healthz` },
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
