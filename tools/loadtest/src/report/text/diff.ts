import type { RunResult } from '../../result/index.js';
import { cellWhy } from './crossover-cell-text.js';

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const change = (a: number, b: number) =>
  a === 0 ? '' : ` (${b >= a ? '+' : ''}${(((b - a) / a) * 100).toFixed(1)}%)`;

/** Headline figures of two runs side by side, per scenario and variant. */
export function diffRuns(a: RunResult, b: RunResult): string {
  const lines = [`diff ${a.runId} → ${b.runId}`];
  for (const sb of b.scenarios) {
    const sa = a.scenarios.find((s) => s.name === sb.name);
    lines.push('', `${sb.name}${sa ? '' : ' (new)'}`);
    // A crossover's runs live in its cells: which variant is better in each, before → after.
    for (const cb of sb.crossover?.cells ?? []) {
      const ca = sa?.crossover?.cells.find(
        (c) => c.rate === cb.rate && c.paymentLatencyMs === cb.paymentLatencyMs,
      );
      const better = (c: typeof cb) => c.judgement.better ?? '–';
      // A run saved before cells held their figures carries its judgement in words.
      const why =
        'reason' in cb.judgement
          ? cellWhy(cb, sb.crossover!.rule)
          : String((cb.judgement as { why?: unknown }).why ?? '');
      lines.push(
        `  ${cb.rate}/s × ${fmt(cb.paymentLatencyMs)}`.padEnd(24) +
          `${ca ? `${better(ca)} → ` : ''}${better(cb)}: ${why}`,
      );
    }
    for (const vb of sb.variants) {
      const va = sa?.variants.find((v) => v.variant === vb.variant && v.repeat === vb.repeat);
      const row = (label: string, x: number | undefined, y: number, f: (n: number) => string) =>
        `    ${label.padEnd(14)} ${x === undefined ? '—' : f(x)} → ${f(y)}${x === undefined ? '' : change(x, y)}`;
      lines.push(`  ${vb.variant}`);
      lines.push(row('accepted p50', va?.accepted.p50, vb.accepted.p50, fmt));
      lines.push(row('completed p50', va?.completed.p50, vb.completed.p50, fmt));
      lines.push(row('completed p99', va?.completed.p99, vb.completed.p99, fmt));
      lines.push(
        row('achieved rate', va?.achievedRate, vb.achievedRate, (n) => `${n.toFixed(1)}/s`),
      );
    }
  }
  return lines.join('\n');
}
