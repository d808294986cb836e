/**
 * The files a run exports beside report.json, listed in it: per run its two
 * HDR logs, per scenario its timeline as CSV, and the thresholds as JUnit XML.
 */
import type { ExportFile, ScenarioResult } from '../result/index.js';

const DIR = 'exports';
/** A name safe in a path whatever a scenario is called. */
const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_');

export function exportList(scenarios: readonly ScenarioResult[]): ExportFile[] {
  const files: ExportFile[] = [];
  for (const s of scenarios) {
    for (const v of s.variants) {
      if (!v.histograms) continue;
      for (const histogram of ['accepted', 'completed'] as const)
        files.push({
          kind: 'hdr-log',
          path: `${DIR}/${safe(s.name)}-${v.variant}-${v.repeat}-${histogram}.hlog`,
          scenario: s.name,
          variant: v.variant,
          repeat: v.repeat,
          histogram,
        });
    }
    if (s.variants.some((v) => v.timeline.length))
      files.push({
        kind: 'timeline-csv',
        path: `${DIR}/${safe(s.name)}-timeline.csv`,
        scenario: s.name,
      });
  }
  if (scenarios.length) files.push({ kind: 'junit', path: `${DIR}/thresholds.junit.xml` });
  return files;
}
