import type { EffectName } from './steps.js';
import type { FailureCode } from './errors.js';

/**
 * The three ways the lab builds one checkout: every variant's stack, edge,
 * config block and report column is named by one of these, in this order.
 */
export const VARIANTS = ['sync', 'async', 'hybrid'] as const;
export type Variant = (typeof VARIANTS)[number];

/** Whether a string read from outside (an argument, LAB_STACK) names a variant. */
export function isVariant(value: string): value is Variant {
  return (VARIANTS as readonly string[]).includes(value);
}

/** accepted → reserved → paid → confirmed, or failed from any non-terminal state. */
export type OrderStatus = 'accepted' | 'reserved' | 'paid' | 'confirmed' | 'failed';

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['confirmed', 'failed'];

/** How far along each status is: a status feed sends them in this order, each once. */
export const STATUS_RANK: Readonly<Record<OrderStatus, number>> = {
  accepted: 0,
  reserved: 1,
  paid: 2,
  confirmed: 3,
  failed: 3,
};

export function isTerminal(status: OrderStatus): boolean {
  return status === 'confirmed' || status === 'failed';
}

/**
 * Whether an order may move from `from` to `to`. Moves only go forward, so a
 * late or redelivered event can never take an order back.
 */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  if (isTerminal(from)) return false;
  if (to === 'failed') return true;
  return STATUS_RANK[to] > STATUS_RANK[from];
}

/** The effects a confirmed order must show, once each, when all work is done. */
export const CONFIRMED_ORDER_EFFECTS: readonly EffectName[] = [
  'reservation',
  'charge',
  'email',
  'analytics',
  'warehouse',
];

export interface OrderView {
  readonly orderId: string;
  readonly variant: Variant;
  readonly status: OrderStatus;
  readonly reason?: FailureCode;
  readonly effects: Readonly<Partial<Record<EffectName, number>>>;
}
