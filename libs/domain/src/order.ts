import type { EffectName } from './steps.js';
import type { FailureCode } from './errors.js';

export type Variant = 'sync' | 'async' | 'hybrid';
export const VARIANTS: readonly Variant[] = ['sync', 'async', 'hybrid'];

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
