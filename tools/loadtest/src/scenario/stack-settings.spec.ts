import { describe, expect, it } from 'vitest';
import { loadConfig } from '@lab/config';
import { crossoverScenario } from './crossover-suite.js';
import { stackSettings, syncPoolOf } from './stack-settings.js';

describe("a scenario's stack settings", () => {
  it('starts every stack with its profile, time scale and seed, then its own settings', () => {
    expect(stackSettings(crossoverScenario(true), 7)).toEqual({
      LAB_PROFILE: 'zero',
      LAB_TIME_SCALE: 1,
      LAB_SEED: 7,
      LAB_LOG_LEVEL: 'error',
      LAB_SYNC_MAX_IN_FLIGHT: 16,
      LAB_SYNC_MAX_QUEUED: 16,
      LAB_SYNC_QUEUE_TIMEOUT_MS: 250,
    });
  });

  it("gives the sync pool as the scenario sets it, else as the config's", () => {
    const config = loadConfig({}, { workspaceRoot: '/' });
    expect(syncPoolOf(crossoverScenario(true), config)).toEqual({
      maxInFlight: 16,
      maxQueued: 16,
      queueTimeoutMs: 250,
    });
    expect(syncPoolOf(crossoverScenario(false), config)).toEqual({
      maxInFlight: config.stacks.sync.maxInFlight,
      maxQueued: config.stacks.sync.maxQueued,
      queueTimeoutMs: config.stacks.sync.queueTimeoutMs,
    });
  });
});
