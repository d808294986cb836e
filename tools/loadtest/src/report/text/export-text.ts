/** The files beside report.json, each said what it is. */
import type { RunResult } from '../../result/index.js';

/** "HDR log: exports/rush-sync-1-accepted.hlog": each export, said what it is. */
export function exportLines(files: RunResult['exports']): { label: string; path: string }[] {
  return (files ?? []).map((f) => ({
    path: f.path,
    label:
      f.kind === 'hdr-log'
        ? `HDR log, ${f.histogram} latency, ${f.scenario} ${f.variant} #${f.repeat}`
        : f.kind === 'timeline-csv'
          ? `per-second timeline (CSV), ${f.scenario}`
          : 'thresholds and promises (JUnit XML)',
  }));
}
