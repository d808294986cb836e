/**
 * What the stacks of a scenario start with: its settings over the config's.
 */
import type { LabConfig } from '@lab/config';
import type { CrossoverResult } from '../result/index.js';
import type { Scenario } from './types.js';

/** The settings every stack of a scenario starts with: its profile, time scale and seed, then its own. */
export function stackSettings(scenario: Scenario, seed: number): Record<string, string | number> {
  return {
    LAB_PROFILE: scenario.profile,
    LAB_TIME_SCALE: scenario.timeScale,
    LAB_SEED: seed,
    LAB_LOG_LEVEL: 'error',
    ...scenario.settings,
  };
}

/** The sync edge's pool as the scenario's stacks get it: its settings, else the config's. */
export function syncPoolOf(scenario: Scenario, config: LabConfig): CrossoverResult['syncPool'] {
  const set = (name: string, fallback: number) => Number(scenario.settings?.[name] ?? fallback);
  const sync = config.stacks.sync;
  return {
    maxInFlight: set('LAB_SYNC_MAX_IN_FLIGHT', sync.maxInFlight),
    maxQueued: set('LAB_SYNC_MAX_QUEUED', sync.maxQueued),
    queueTimeoutMs: set('LAB_SYNC_QUEUE_TIMEOUT_MS', sync.queueTimeoutMs),
  };
}

/** How many messages or jobs a consumer works on at once, as the scenario's stacks get it: the lower of the two. */
export function consumerConcurrencyOf(scenario: Scenario, config: LabConfig): number {
  const set = (name: string, fallback: number) => Number(scenario.settings?.[name] ?? fallback);
  return Math.min(
    set('LAB_JOB_CONCURRENCY', config.jobs.concurrency),
    set('LAB_CONSUMER_CONCURRENCY', config.jetstream.concurrency),
  );
}
