/**
 * The blip a broker node's loss costs the customer: the errors answered
 * while the fault was on and until its target served again (a new stream
 * leader or Redis primary elected, the node restarted), with their window.
 */
import { BUSINESS_FAILURE_CODES } from '@lab/domain';
import type { FaultWindow, TimelinePoint } from '../result/index.js';

export interface FaultBlip {
  readonly target: string;
  /** Error answers (non-2xx, transport failures) in the window; a declined card or sold-out SKU is an answer, not an error. */
  readonly errors: number;
  /** The first and last second with an error, since the variant's start; null without errors. */
  readonly fromS: number | null;
  readonly toS: number | null;
  readonly reasons: Readonly<Record<string, number>>;
}

/** The errors of each executed fault's window: from its start to its target's recovery (or end). */
export function faultBlips(
  faults: readonly FaultWindow[],
  timeline: readonly TimelinePoint[],
): FaultBlip[] {
  return faults
    .filter((f) => f.executed && f.appliedAtS !== undefined)
    .map((f) => {
      const from = Math.floor(f.appliedAtS!);
      const to = Math.ceil(f.recoveredAtS ?? f.endedAtS ?? f.appliedAtS! + f.durationS);
      const reasons: Record<string, number> = {};
      let errors = 0;
      let fromS: number | null = null;
      let toS: number | null = null;
      for (const p of timeline) {
        if (p.t < from || p.t > to) continue;
        const failures = Object.entries(p.errors).filter(([r]) => !BUSINESS_FAILURE_CODES.has(r));
        const n = failures.reduce((a, [, count]) => a + count, 0);
        if (n === 0) continue;
        errors += n;
        fromS ??= p.t;
        toS = p.t;
        for (const [reason, count] of failures) reasons[reason] = (reasons[reason] ?? 0) + count;
      }
      return { target: f.target, errors, fromS, toS, reasons };
    });
}

/** The sentence the report shows for a blip. */
export function blipNote(label: string, blip: FaultBlip): string {
  if (blip.errors === 0)
    return `${label}: no customer-visible error while ${blip.target} was down.`;
  const reasons = Object.entries(blip.reasons)
    .map(([r, n]) => `${n} ${r}`)
    .join(', ');
  return `${label}: ${blip.errors} customer-visible errors while ${blip.target} was down, in seconds ${blip.fromS}–${blip.toS} of the run (${reasons}).`;
}
