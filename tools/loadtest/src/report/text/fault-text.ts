/**
 * A scenario's faults in words, for both printers: each planned window as it
 * ran, each variant's times and its recovery, and how recovery is judged.
 */
import type { FaultWindow, ScenarioResult } from '../../result/index.js';
import { formatMs, formatNumber, formatSeconds } from './format.js';
import { isRepeated, variantLabel } from './variant-groups.js';

/** Where a fault sits: what actually happened when it ran, else what was planned. */
export function faultSpan(fault: FaultWindow): { from: number; to: number; executed: boolean } {
  if (fault.executed && fault.appliedAtS != null) {
    return {
      from: fault.appliedAtS,
      to: fault.endedAtS ?? fault.appliedAtS + fault.durationS,
      executed: true,
    };
  }
  return { from: fault.startS, to: fault.startS + fault.durationS, executed: false };
}

/** "crash on notification, planned 8–13 s, applied 8.1–13.2 s: SIGKILL at 8.1 s…". */
export function faultLine(fault: FaultWindow): string {
  const planned = `planned ${formatNumber(fault.startS)}–${formatSeconds(fault.startS + fault.durationS)}`;
  const span = faultSpan(fault);
  const what = span.executed
    ? `applied ${formatNumber(span.from)}–${formatSeconds(span.to)}`
    : 'not executed';
  return `${fault.kind} on ${fault.target}, ${planned}, ${what}${fault.note ? `: ${fault.note}` : ''}`;
}

/** One fault as it ran against one variant. */
export interface FaultRunRow {
  readonly label: string;
  readonly fault: string;
  readonly applied: string;
  readonly ended: string;
  /** crash / broker-down: how long the restarted process took to serve. */
  readonly back: string;
  readonly recovery: string;
  /** When it first showed, and how: "2.1 s: outage error (deadline_exceeded)". */
  readonly felt: string;
  /** Ran, but the variant was not back to normal by the end of the run. */
  readonly unrecovered: boolean;
}

/** "4.6 s", "not back to normal by the end of the run", "–" when it did not run. */
export function recoveryText(f: FaultWindow): string {
  if (!f.executed || f.recoveryS === undefined) return '–';
  return f.recoveryS === null
    ? `none: ${f.recoveryNote ?? 'not back to normal by the end of the run'}`
    : formatSeconds(f.recoveryS);
}

/** "2.1 s: outage error (deadline_exceeded)", "not felt", "–" when it did not run. */
export function feltText(f: FaultWindow): string {
  if (!f.executed || f.feltS === undefined) return '–';
  return f.feltS === null ? 'not felt' : `${formatSeconds(f.feltS)}: ${f.feltBy ?? 'felt'}`;
}

/**
 * Which variant felt the scenario's first fault first, in order:
 * "Felt first: sync after 2.1 s (outage error (deadline_exceeded)), …";
 * null when fewer than two variants ran it.
 */
export function feltFirstLine(scenario: ScenarioResult): string | null {
  const runs = scenario.variants
    .map((r) => ({ r, f: r.faults?.[0] }))
    .filter((x) => x.f?.executed && x.f.feltS !== undefined);
  if (runs.length < 2) return null;
  const repeated = isRepeated(scenario.variants);
  const felt = runs
    .filter((x) => x.f!.feltS !== null)
    .sort((a, b) => a.f!.feltS! - b.f!.feltS!)
    .map(
      (x) => `${variantLabel(x.r, repeated)} after ${formatSeconds(x.f!.feltS!)} (${x.f!.feltBy})`,
    );
  const unfelt = runs.filter((x) => x.f!.feltS === null).map((x) => variantLabel(x.r, repeated));
  const parts = [
    ...(felt.length ? [`Felt first: ${felt.join(', ')}`] : []),
    ...(unfelt.length ? [`not felt by ${unfelt.join(', ')}`] : []),
  ];
  return (
    `${parts.join('; ')}. First felt: seconds from the fault taking effect to its first sign ` +
    '(an outage error answered, an answer or an order past its recovery limit, or a deeper broker backlog).'
  );
}

/** Every variant's faults with the exact times they took effect and ended, and its recovery. */
export function faultRunRows(scenario: ScenarioResult): FaultRunRow[] {
  const repeated = isRepeated(scenario.variants);
  return scenario.variants.flatMap((r) =>
    (r.faults ?? []).map((f) => ({
      label: variantLabel(r, repeated),
      fault: `${f.kind} ${f.target}`,
      applied: f.appliedAtS !== undefined ? formatSeconds(f.appliedAtS) : 'not applied',
      ended: f.endedAtS !== undefined ? formatSeconds(f.endedAtS) : '–',
      back:
        f.recoveredAtS !== undefined && f.endedAtS !== undefined
          ? formatMs((f.recoveredAtS - f.endedAtS) * 1000)
          : '–',
      recovery: recoveryText(f),
      felt: feltText(f),
      unrecovered: f.executed && f.recoveryS === null,
    })),
  );
}

/** How recovery is judged, from the limits the variants ran under. */
export function recoveryRule(scenario: ScenarioResult): string | null {
  const limits = scenario.variants
    .filter((r) => r.recoveryLimits)
    .map(
      (r) =>
        `${r.variant} accepted ≤ ${formatMs(r.recoveryLimits!.acceptedP99Ms)}, completed ≤ ${formatMs(r.recoveryLimits!.completedP99Ms)}`,
    );
  if (limits.length === 0) return null;
  return (
    'Recovery: seconds from the end of the fault until the broker backlog was no deeper than before it, ' +
    'no errors other than declined or out-of-stock answers, and the per-second p99 back under its limit ' +
    `(${[...new Set(limits)].join('; ')}), staying so to the end of the run.`
  );
}
