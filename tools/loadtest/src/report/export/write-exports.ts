/** Writes the files report.json lists under `exports`, each from the result alone. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ExportFile, RunResult } from '../../result/index.js';
import { hdrLog } from './hdr-log.js';
import { junitXml } from './junit.js';
import { timelineCsv } from './timeline-csv.js';

/** One export's content, or null when the result no longer holds what it is made from. */
export function exportContent(result: RunResult, file: ExportFile): string | null {
  if (file.kind === 'junit') return junitXml(result);
  const scenario = result.scenarios.find((s) => s.name === file.scenario);
  if (!scenario) return null;
  if (file.kind === 'timeline-csv') return timelineCsv(scenario);
  const run = scenario.variants.find((v) => v.variant === file.variant && v.repeat === file.repeat);
  if (!run?.histograms) return null;
  return hdrLog({
    encoded: run.histograms[file.histogram],
    title: `${file.histogram} latency of ${file.scenario}, ${file.variant} #${file.repeat}, from the intended send`,
    startedAt: run.startedAt,
    fromS: scenario.workload.warmupS,
    toS: scenario.workload.durationS,
  });
}

export function writeExports(result: RunResult, dir: string): void {
  for (const file of result.exports ?? []) {
    const content = exportContent(result, file);
    if (content === null) continue;
    const path = join(dir, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
