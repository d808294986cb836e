/**
 * The one result object of a run. The runner fills it; every printer (JSON,
 * Markdown, HTML) is a pure function of it. It carries a copy of the run's
 * options and why the run ended, so a saved report explains itself.
 */
import type { ExportFile } from './exports.js';
import type { Variant } from '@lab/domain';
import type { ScenarioResult } from './scenario-result.js';
import type { TransportResult } from './transport-result.js';

/** A figure of the source article's table. */
export type ArticleFigure = 'sequence' | 'critical-path' | 'async-accept' | 'webhook-pending';

/** One row of the article's table, measured in this run. */
export interface ArticleRow {
  readonly figure: ArticleFigure;
  readonly variant: Variant;
  /** The measure it is held against: "completed.p50", "accepted.p50", "accepted.p99". */
  readonly metric: string;
  /**
   * The article's figure (ms, at time scale 1) and, scaled by the scenario's
   * time scale, the one the run is held to; or, for a figure the article
   * gives as "milliseconds", the bound it must stay under.
   */
  readonly expected:
    | {
        readonly ms: number;
        readonly timeScale: number;
        readonly scaledMs: number;
        /** Judged as at most this much (ms, scaled) above the figure rather than ±2 %. */
        readonly plusAtMostMs?: number;
      }
    | { readonly belowMs: number };
  /** The median over the variant's repeats; null when it did not run or answered nothing. */
  readonly measuredMs: number | null;
  /** How many runs of the variant the median is over. */
  readonly runs: number;
  /** (measured − expected) ÷ expected; null for a bound or when not measured. */
  readonly deviation: number | null;
  /** Within the tolerance, judged on the deviation as printed; null when not measured. */
  readonly reproduced: boolean | null;
}

/** The article's table held against the seed scenario. */
export interface ArticleTable {
  /** The scenario that reproduces the article (seed-checkout). */
  readonly scenario: string;
  /** ± this share of the article's figure counts as reproduced. */
  readonly reproducedWithin: number;
  /** Null when the run has no such scenario. */
  readonly rows: readonly ArticleRow[] | null;
}

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
  /** The source article's figures, measured in this run. */
  readonly article: ArticleTable;
  readonly scenarios: readonly ScenarioResult[];
  /** Files beside report.json: HDR logs, timelines as CSV, thresholds as JUnit XML. */
  readonly exports?: readonly ExportFile[];
  /** The raw ceilings of the transports, measured in this run on the same brokers (with a capacity scenario). */
  readonly transport?: TransportResult;
  /** "completed", "interrupted", or what stopped it. */
  readonly endedBecause: string;
  /** Every scenario passed: every promise kept and every threshold held. */
  readonly passed: boolean;
}
