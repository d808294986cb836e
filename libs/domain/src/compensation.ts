import type { CompensationStepName, EffectName } from './steps.js';

/** The effects an order has had applied so far, with how many times. */
export type EffectCounts = Readonly<Partial<Record<EffectName, number>>>;

/**
 * What must be undone when a checkout fails after some of its steps ran: a
 * charge not yet refunded is refunded, then a reservation not yet released is
 * released, in the reverse of the order in which they were made. Asking again
 * after a compensation ran gives what is still outstanding, so a retried saga
 * step converges instead of undoing twice.
 */
export function compensationsFor(effects: EffectCounts): CompensationStepName[] {
  const steps: CompensationStepName[] = [];
  if ((effects.charge ?? 0) > (effects.refund ?? 0)) steps.push('refundCharge');
  if ((effects.reservation ?? 0) > (effects.release ?? 0)) steps.push('releaseItems');
  return steps;
}
