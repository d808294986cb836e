import { findWorkspaceRoot } from '@lab/config';
import { freePort } from '@lab/brokers';
import { AppProcess } from './app-process.js';

export interface StartProviderOptions {
  /** Settings of the provider (LAB_TIME_SCALE, LAB_WEBHOOK_DUPLICATE_RATE…). */
  readonly settings?: Readonly<Record<string, string | number>>;
  /** Its state file; a fresh one in the lab's data folder when left out. */
  readonly stateFile: string;
  /** A port of its own choosing (a restart keeps the stacks' LAB_PROVIDER_URL); a free one otherwise. */
  readonly port?: number;
  readonly workspaceRoot?: string;
  readonly onOutput?: (app: string, line: string) => void;
}

export interface RunningProvider {
  readonly url: string;
  /** What the stacks need to reach it: LAB_PROVIDER_URL. */
  readonly env: Readonly<Record<string, string>>;
  readonly app: AppProcess;
  stop(): Promise<void>;
}

/**
 * Starts the payment provider on a free port: one process outside the
 * stacks, which the async and hybrid stacks charging by webhook share (each
 * is its own account there).
 */
export async function startPaymentProvider(
  options: StartProviderOptions,
): Promise<RunningProvider> {
  const root = options.workspaceRoot ?? findWorkspaceRoot();
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${String(port)}`;
  const env: Record<string, string> = {
    LAB_LOG_LEVEL: 'warn',
    ...Object.fromEntries(Object.entries(options.settings ?? {}).map(([k, v]) => [k, String(v)])),
    LAB_PROVIDER_PORT: String(port),
    LAB_PROVIDER_STATE_FILE: options.stateFile,
  };
  const app = new AppProcess(
    { name: 'payment-provider', dir: 'apps/payment-provider', env, healthUrl: `${url}/healthz` },
    root,
    options.onOutput,
  );
  await app.start();
  return { url, env: { LAB_PROVIDER_URL: url }, app, stop: () => app.stop() };
}
