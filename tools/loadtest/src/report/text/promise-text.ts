/**
 * The promises of DESIGN.md section 5 in words, for every printer: each
 * count's name, and a judgement the runner stored as a phrase.
 */
import type { PromiseCount, PromiseJudgement } from '../../result/index.js';

/** How a report names each promise count; the compiler refuses a count left out. */
const LABELS = {
  lost: 'lost',
  duplicateEffects: 'duplicate effects',
  orphanCharges: 'orphan charges',
  missingEffects: 'missing effects',
  leakedReservations: 'leaked reservations',
} as const satisfies Record<PromiseCount, string>;

/** "leaked reservations". */
export function promiseLabel(count: PromiseCount): string {
  return LABELS[count];
}

/**
 * "leaked reservations 4, lost 1", "no accounting: the reconcile failed",
 * "kept": the judgement in words.
 */
export function promisesText(j: PromiseJudgement): string {
  if (j.kept) return 'kept';
  const parts = j.broken.map((b) => `${LABELS[b.count]} ${b.value.toLocaleString('en-US')}`);
  if (j.unaccounted > 0)
    parts.push(
      j.unaccounted === 1
        ? 'no accounting: the reconcile failed, nothing shows the promises kept'
        : `${j.unaccounted} runs without an accounting: their reconcile failed, nothing shows the promises kept`,
    );
  return parts.join(', ');
}
