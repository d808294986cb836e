/**
 * A run of every kind of scenario the printers know, judged as the runner
 * judges one: the seed scenario, the email outage, two capacity ramps (the
 * second against the first) with their transport benchmark, and the
 * crossover grid. testing/saved-run/report.json is this run as the runner
 * writes it.
 */
import type { RunResult } from '../result/index.js';
import { capacityRun } from './capacity-run.js';
import { crossoverScenario } from './crossover-run.js';
import { rejudge } from './rejudge.js';

export const fullRun: RunResult = rejudge({
  ...capacityRun,
  scenarios: [...capacityRun.scenarios, crossoverScenario],
});

/** Where the saved copy of {@link fullRun} lives. */
export const SAVED_RUN = new URL('./saved-run/report.json', import.meta.url);
