/**
 * The seven steps of a checkout, in the order the article lists them, and the
 * two compensating steps that undo a reservation or a charge.
 */

export type ServiceName = 'payment' | 'inventory' | 'notification' | 'analytics' | 'warehouse';

export const SERVICE_NAMES: readonly ServiceName[] = [
  'payment',
  'inventory',
  'notification',
  'analytics',
  'warehouse',
];

export type CheckoutStepName =
  | 'validatePayment'
  | 'checkInventory'
  | 'reserveItems'
  | 'chargeCard'
  | 'sendEmail'
  | 'updateAnalytics'
  | 'notifyWarehouse';

export type CompensationStepName = 'releaseItems' | 'refundCharge';

export type StepName = CheckoutStepName | CompensationStepName;

/** A side effect that the effects ledger records, keyed by (orderId, effect). */
export type EffectName =
  'reservation' | 'release' | 'charge' | 'refund' | 'email' | 'analytics' | 'warehouse';

export const EFFECT_NAMES: readonly EffectName[] = [
  'reservation',
  'release',
  'charge',
  'refund',
  'email',
  'analytics',
  'warehouse',
];

export interface StepDefinition {
  readonly name: StepName;
  readonly service: ServiceName;
  /** The article's latency for the step, in milliseconds. */
  readonly seedMs: number;
  /** On the critical path: the customer needs its result before an answer. */
  readonly critical: boolean;
  /** The effect the step applies, if any. */
  readonly effect: EffectName | null;
}

export const CHECKOUT_STEPS: readonly StepDefinition[] = [
  { name: 'validatePayment', service: 'payment', seedMs: 200, critical: true, effect: null },
  { name: 'checkInventory', service: 'inventory', seedMs: 150, critical: true, effect: null },
  {
    name: 'reserveItems',
    service: 'inventory',
    seedMs: 100,
    critical: true,
    effect: 'reservation',
  },
  { name: 'chargeCard', service: 'payment', seedMs: 2000, critical: true, effect: 'charge' },
  { name: 'sendEmail', service: 'notification', seedMs: 500, critical: false, effect: 'email' },
  {
    name: 'updateAnalytics',
    service: 'analytics',
    seedMs: 300,
    critical: false,
    effect: 'analytics',
  },
  {
    name: 'notifyWarehouse',
    service: 'warehouse',
    seedMs: 400,
    critical: false,
    effect: 'warehouse',
  },
];

/** Not in the article's table; chosen to be small next to the steps they undo. */
export const COMPENSATION_STEPS: readonly StepDefinition[] = [
  { name: 'releaseItems', service: 'inventory', seedMs: 50, critical: false, effect: 'release' },
  { name: 'refundCharge', service: 'payment', seedMs: 300, critical: false, effect: 'refund' },
];

export const ALL_STEPS: readonly StepDefinition[] = [...CHECKOUT_STEPS, ...COMPENSATION_STEPS];

const byName = new Map(ALL_STEPS.map((s) => [s.name, s]));

export function stepDefinition(name: StepName): StepDefinition {
  const step = byName.get(name);
  if (!step) throw new RangeError(`unknown step "${name}"`);
  return step;
}

export const CRITICAL_STEPS = CHECKOUT_STEPS.filter((s) => s.critical);
export const BACKGROUND_STEPS = CHECKOUT_STEPS.filter((s) => !s.critical);

/** Sum of the seed latencies of some steps: the article's arithmetic. */
export function seedTotalMs(steps: readonly StepDefinition[]): number {
  return steps.reduce((sum, s) => sum + s.seedMs, 0);
}
