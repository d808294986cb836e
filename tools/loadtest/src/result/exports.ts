/** Files written beside report.json for other tools to read (DESIGN.md section 8). */
import type { Variant } from '@lab/domain';

export type ExportFile =
  | {
      /** An HdrHistogram log of one run's latencies (µs, the steady window as one interval). */
      readonly kind: 'hdr-log';
      /** Relative to the report's folder. */
      readonly path: string;
      readonly scenario: string;
      readonly variant: Variant;
      readonly repeat: number;
      readonly histogram: 'accepted' | 'completed';
    }
  | {
      /** A scenario's per-second timeline, every run of it, as CSV. */
      readonly kind: 'timeline-csv';
      readonly path: string;
      readonly scenario: string;
    }
  | {
      /** Every threshold (and each scenario's promises) as JUnit XML, for CI systems. */
      readonly kind: 'junit';
      readonly path: string;
    };

/** A run's latencies as compressed HdrHistograms (base64, µs), what its HDR logs are written from. */
export interface EncodedHistograms {
  readonly unit: 'us';
  readonly accepted: string;
  readonly completed: string;
}
