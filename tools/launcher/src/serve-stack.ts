/**
 * `node tools/launcher/dist/serve-stack.js <stack>`: the `serve` target of
 * every stack's gateway. It runs every app of the stack on its configured
 * ports (`LAB_<STACK>_<SERVICE>_REPLICAS` processes of a service, replica k
 * at `replicaPort(port, k)`), restarts an app that dies, and stops them all
 * on Ctrl-C or SIGTERM.
 * With LAB_CONTROL_ENABLED=true it also serves the stack's control endpoint
 * (loopback, bearer token): faults injected by hand (`nx run loadtest:fault`).
 */
import { ConfigError, findWorkspaceRoot, loadConfig, type LabConfig } from '@lab/config';
import { VARIANTS, isVariant } from '@lab/domain';
import { FaultInjector, startControlServer, type ControlServer } from '@lab/faults';
import { AppProcess, type AppSpec } from './app-process.js';
import { linkFaultTarget } from './link-targets.js';
import { configuredMetricsPort, configuredPort, replicaSpecs } from './replicas.js';
import { STACK_APPS } from './stack-apps.js';
import { linkStack } from './stack-links.js';

/** Wait before restarting an app that died, so a crash loop does not spin. */
const RESTART_DELAY_MS = 1000;

const arg = process.argv[2] ?? '';
if (!isVariant(arg)) {
  console.error(`usage: serve-stack <${VARIANTS.join('|')}>`);
  process.exit(2);
}
const kind = arg;
let config: LabConfig;
try {
  config = loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error));
  process.exit(1);
}

const root = findWorkspaceRoot();
let stopping = false;
const env = { LAB_STACK: kind };
const show = (name: string, line: string) => console.log(`${name}: ${line}`);
const restart = (name: string, code: number | null, signal: NodeJS.Signals | null) => {
  // A crash fault restarts the app itself, after the fault's downtime.
  if (stopping || injector.held(name)) return;
  console.error(
    `${name} exited (${signal ?? `code ${code}`}); restarting in ${RESTART_DELAY_MS} ms`,
  );
  setTimeout(() => {
    const app = apps.find((a) => a.name === name);
    if (!stopping && app && !app.running)
      app.start().catch((error: Error) => console.error(`${name}: ${error.message}`));
  }, RESTART_DELAY_MS);
};
// Every replica is its own app: restarted on its own, and its own fault target.
const serviceSpecs = STACK_APPS[kind].flatMap((e) =>
  replicaSpecs(kind, e, {
    replicas: config.stacks[kind].replicas[e.service],
    port: configuredPort(config, kind, e.service),
    metricsPort: configuredMetricsPort(config, kind, e.service),
    env,
  }),
);
const gatewaySpec: AppSpec = {
  name: `${kind}-gateway`,
  dir: `apps/${kind}/gateway`,
  env,
  healthUrl: `http://127.0.0.1:${config.stacks[kind].gatewayPort}/healthz`,
  metricsUrl: `http://127.0.0.1:${config.stacks[kind].gatewayPort}/metrics`,
};
// Charging by webhook (LAB_CHARGING=webhook), the async and hybrid stacks run their receiver:
// `loadtest fault --target <stack>-webhook` stops it by hand.
const receiverSpecs: AppSpec[] =
  kind !== 'sync' && config.charging.mode === 'webhook'
    ? [
        {
          name: `${kind}-webhook`,
          dir: 'apps/async/webhook',
          env,
          healthUrl: `http://127.0.0.1:${config.stacks[kind].webhookPort}/healthz`,
          metricsUrl: `http://127.0.0.1:${config.stacks[kind].webhookPort}/metrics`,
        },
      ]
    : [];
// With LAB_LINKS on, a proxy on every link, where link faults act.
const { links, apps: linked } = await linkStack(kind, config, [
  ...serviceSpecs,
  ...receiverSpecs,
  gatewaySpec,
]);
const services = linked.map((spec) => new AppProcess(spec, root, show, restart));
const gateway = services.pop()!;
const apps = [...services, gateway];
const injector = new FaultInjector(
  [...apps.map((a) => a.faultTarget()), ...(links?.all.map(linkFaultTarget) ?? [])],
  { log: (line) => console.log(`control: ${line}`) },
);
if (links) console.log(`${kind} links: ${links.all.map((l) => l.name).join(', ')}`);
let control: ControlServer | undefined;

const stop = async () => {
  if (stopping) return;
  stopping = true;
  await control?.close();
  await injector.endAll();
  await gateway.stop();
  await Promise.all(services.map((s) => s.stop()));
  await links?.close();
  console.log(`${kind} stack stopped`);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

try {
  await Promise.all(services.map((s) => s.start()));
  await gateway.start();
  if (config.control.enabled) {
    control = await startControlServer({
      injector,
      token: config.control.token,
      port: config.stacks[kind].controlPort,
      scope: `${kind} stack`,
    });
    console.log(`${kind} control endpoint: ${control.url}/control (bearer token)`);
  }
  console.log(`${kind} stack ready`);
} catch (error) {
  console.error(`${kind} stack failed to start: ${(error as Error).message}`);
  await Promise.all(apps.map((a) => a.kill()));
  process.exit(1);
}
