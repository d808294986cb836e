import { isAbsolute, resolve } from 'node:path';
import { ConfigError, findWorkspaceRoot, loadConfig, type LabConfig } from '@lab/config';
import { PROFILES, createLatencyModel } from '@lab/domain';
import { createLogger } from '@lab/telemetry';
import { Deliverer } from './deliveries.js';
import { createApi } from './http-api.js';
import { emptyState, type ProviderState } from './provider-state.js';
import { PaymentProvider } from './provider.js';
import { StateFile } from './state-file.js';
import { StateJournal, loadProviderState } from './state-journal.js';

/** A bad setting (or a state file that is not the provider's) stops start-up with its name. */
function badSetting(error: unknown): never {
  console.error(error instanceof ConfigError ? error.message : String(error));
  process.exit(1);
}
let config: LabConfig;
try {
  config = loadConfig();
} catch (error) {
  badSetting(error);
}
const logger = createLogger('payment-provider', {
  level: config.logLevel,
  repeats: { limit: config.logging.repeatLimit, intervalMs: config.logging.repeatIntervalMs },
});
const { stateFile } = config.provider;
const path = isAbsolute(stateFile) ? stateFile : resolve(findWorkspaceRoot(), stateFile);
let state: ProviderState = emptyState();
const file = new StateFile(path, () => state);
try {
  state = loadProviderState(file) ?? state;
} catch (error) {
  badSetting(error);
}
const journal = new StateJournal(file, () => state);
try {
  // The state as loaded, folded into the snapshot, before anything is answered.
  await journal.open();
} catch (error) {
  badSetting(
    new ConfigError([
      `LAB_PROVIDER_STATE_FILE (provider.stateFile): ${path} cannot be written: ${(error as Error).message}`,
    ]),
  );
}
const save = journal.save;
const deliverer = new Deliverer(
  state,
  save,
  { ...config.provider, ...config.webhook, seed: config.simulation.seed },
  logger,
);
const provider = new PaymentProvider({
  state,
  save,
  deliverer,
  latency: createLatencyModel({
    profile: PROFILES[config.simulation.profile],
    timeScale: config.simulation.timeScale,
    seed: config.simulation.seed,
  }),
  declineRate: config.simulation.declineRate,
  seed: config.simulation.seed,
  logger,
});
const server = createApi(provider, deliverer, config.http, logger);
server.listen(config.provider.port, config.host, () => {
  provider.resume();
  deliverer.resume();
  const pending = deliverer.pending();
  console.log(
    `payment-provider ready: http://${config.host}:${String(config.provider.port)} (${String(pending)} deliveries pending)`,
  );
});
server.on('error', (error) => {
  console.error(`payment-provider: ${error.message}`);
  process.exit(1);
});

const stop = (signal: string) => {
  logger.info('stopping', { signal });
  provider.stop();
  deliverer.stop();
  server.close();
  server.closeAllConnections();
  void journal.close().finally(() => process.exit(0));
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
// Started by a launcher: it does not outlive it.
if (process.send) process.on('disconnect', () => stop('supervisor gone'));
