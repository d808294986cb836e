/**
 * `node tools/launcher/dist/serve-stack.js <stack>`: runs every app of a
 * stack on its configured ports (the hybrid's `serve` target uses it, since
 * the hybrid runs the sync and async stacks' code under its own namespace),
 * restarts an app that dies, and stops them all on Ctrl-C or SIGTERM.
 */
import { ConfigError, findWorkspaceRoot, loadConfig } from '@lab/config';
import { AppProcess } from './app-process.js';
import { STACK_APPS, STACK_KINDS, type StackKind } from './stacks.js';

/** Wait before restarting an app that died, so a crash loop does not spin. */
const RESTART_DELAY_MS = 1000;

const kind = process.argv[2] as StackKind;
if (!STACK_KINDS.includes(kind)) {
  console.error(`usage: serve-stack <${STACK_KINDS.join('|')}>`);
  process.exit(2);
}
try {
  loadConfig();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : String(error));
  process.exit(1);
}

const root = findWorkspaceRoot();
let stopping = false;
const env = { LAB_STACK: kind };
const show = (name: string, line: string) => console.log(`${name}: ${line}`);
const restart = (name: string, code: number | null, signal: NodeJS.Signals | null) => {
  if (stopping) return;
  console.error(
    `${name} exited (${signal ?? `code ${code}`}); restarting in ${RESTART_DELAY_MS} ms`,
  );
  setTimeout(() => {
    const app = apps.find((a) => a.name === name);
    if (!stopping && app && !app.running)
      app.start().catch((error: Error) => console.error(`${name}: ${error.message}`));
  }, RESTART_DELAY_MS);
};
const services = STACK_APPS[kind].map(
  (e) => new AppProcess({ name: `${kind}-${e.service}`, dir: e.dir, env }, root, show, restart),
);
const gateway = new AppProcess(
  { name: `${kind}-gateway`, dir: `apps/${kind}/gateway`, env },
  root,
  show,
  restart,
);
const apps = [...services, gateway];

const stop = async () => {
  if (stopping) return;
  stopping = true;
  await gateway.stop();
  await Promise.all(services.map((s) => s.stop()));
  console.log(`${kind} stack stopped`);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

try {
  await Promise.all(services.map((s) => s.start()));
  await gateway.start();
  console.log(`${kind} stack ready`);
} catch (error) {
  console.error(`${kind} stack failed to start: ${(error as Error).message}`);
  await Promise.all(apps.map((a) => a.kill()));
  process.exit(1);
}
