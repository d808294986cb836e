/**
 * The one result object of a run. The runner fills it; every printer (JSON,
 * Markdown, HTML) is a pure function of it. It carries a copy of the run's
 * options and why the run ended, so a saved report explains itself.
 */
import type { ScenarioResult } from './scenario-result.js';
import type { TransportResult } from './transport-result.js';

export interface RunResult {
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** The options of the run, as given. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly versions: Readonly<Record<string, string>>;
  readonly machine: {
    readonly cpus: number;
    readonly cpuModel: string;
    readonly memoryGiB: number;
    readonly os: string;
  };
  readonly scenarios: readonly ScenarioResult[];
  /** The raw ceilings of the transports, measured in this run on the same brokers (with a capacity scenario). */
  readonly transport?: TransportResult;
  /** "completed", "interrupted", or what stopped it. */
  readonly endedBecause: string;
  readonly passed: boolean;
}
