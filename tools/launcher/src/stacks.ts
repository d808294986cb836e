import { findWorkspaceRoot, loadConfig } from '@lab/config';
import type { Variant } from '@lab/domain';
import type { FaultTarget } from '@lab/faults';
import type { Links } from '@lab/links';
import { AppProcess, type AppSpec } from './app-process.js';
import { linkFaultTarget } from './link-targets.js';
import { configuredMetricsPort, freeReplicaPorts, replicaSpecs } from './replicas.js';
import { STACK_APPS } from './stack-apps.js';
import { linkStack } from './stack-links.js';

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
  /** The environment every app got: the config of this stack (a replica adds its own port, links their addresses). */
  readonly env: Readonly<Record<string, string>>;
  /** The link proxies between the processes, with LAB_LINKS on. */
  readonly links: Links | undefined;
  app(name: string): AppProcess;
  /** Everything a fault can act on: every app, and every link when there are links. */
  faultTargets(): FaultTarget[];
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
  const config = loadConfig({ ...process.env, ...env }, { workspaceRoot: root });
  const { replicas } = config.stacks[kind];
  // A gRPC service needs a second port, for its metrics; a worker serves them on its own.
  const metered = entries.filter(
    (e) => configuredMetricsPort(config, kind, e.service) !== undefined,
  );
  const [gatewayPort, ...firstPorts] = await freeReplicaPorts([
    1,
    ...entries.map((e) => replicas[e.service]),
    ...metered.map((e) => replicas[e.service]),
  ]);
  env[`${prefix}_GATEWAY_PORT`] = String(gatewayPort);
  const metricsPorts = new Map(metered.map((e, i) => [e.service, firstPorts[entries.length + i]!]));
  entries.forEach((e, i) => {
    env[`${prefix}_${e.service.toUpperCase()}_PORT`] = String(firstPorts[i]);
    const metricsPort = metricsPorts.get(e.service);
    if (metricsPort) env[`${prefix}_${e.service.toUpperCase()}_METRICS_PORT`] = String(metricsPort);
  });
  const url = `http://127.0.0.1:${gatewayPort}`;
  const serviceSpecs = entries.flatMap((e, i) =>
    replicaSpecs(kind, e, {
      replicas: replicas[e.service],
      port: firstPorts[i]!,
      metricsPort: metricsPorts.get(e.service),
      env,
    }),
  );
  // Charging by webhook, the async and hybrid stacks run a receiver for the provider's events.
  const receiverSpecs: AppSpec[] = [];
  if (kind !== 'sync' && config.charging.mode === 'webhook') {
    const [webhookPort] = await freeReplicaPorts([1]);
    env[`${prefix}_WEBHOOK_PORT`] = String(webhookPort);
    receiverSpecs.push({
      name: `${kind}-webhook`,
      dir: 'apps/async/webhook',
      env,
      healthUrl: `http://127.0.0.1:${String(webhookPort)}/healthz`,
      metricsUrl: `http://127.0.0.1:${String(webhookPort)}/metrics`,
    });
  }
  const gatewaySpec: AppSpec = {
    name: `${kind}-gateway`,
    dir: `apps/${kind}/gateway`,
    env,
    healthUrl: `${url}/healthz`,
    metricsUrl: `${url}/metrics`,
  };
  // With the ports in place, the addresses the links stand in front of are known.
  const { links, apps: linked } = await linkStack(
    kind,
    loadConfig({ ...process.env, ...env }, { workspaceRoot: root }),
    [...serviceSpecs, ...receiverSpecs, gatewaySpec],
  );
  const services = linked.map((spec) => new AppProcess(spec, root, options.onOutput));
  const gateway = services.pop()!;
  const apps = new Map([...services, gateway].map((a) => [a.name, a]));
  const stop = async () => {
    await gateway.stop();
    await Promise.all(services.map((s) => s.stop()));
    await links?.close();
  };
  try {
    await Promise.all(services.map((s) => s.start()));
    await gateway.start();
  } catch (error) {
    const outputs = [...apps.values()].map((a) => `--- ${a.name}\n${a.output()}`).join('\n');
    await Promise.all([...apps.values()].map((a) => a.kill()));
    await links?.close();
    throw new Error(`${(error as Error).message}\n${outputs}`);
  }
  return {
    kind,
    url,
    apps,
    env,
    links,
    faultTargets: () => [
      ...[...apps.values()].map((a) => a.faultTarget()),
      ...(links?.all.map(linkFaultTarget) ?? []),
    ],
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
