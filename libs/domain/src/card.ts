import { rngFor } from './random.js';
import type { FieldIssue } from './errors.js';

export interface Card {
  readonly number: string;
  /** MM/YY */
  readonly expiry: string;
  readonly cvc: string;
}

/** The usual test cards: one always accepted, one always declined. */
export const TEST_CARDS = {
  accepted: '4242424242424242',
  declined: '4000000000000002',
} as const;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(number: string): string {
  if (number.startsWith('4')) return 'visa';
  if (/^5[1-5]/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  return 'other';
}

/**
 * The payment step's own check (the request's shape is checked earlier, at the
 * edge): the number passes Luhn and the card has not expired at `now`.
 */
export function validateCard(card: Card, now: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!luhnValid(card.number)) {
    issues.push({ path: 'card.number', message: 'card number fails the Luhn check' });
  }
  const match = /^(\d{2})\/(\d{2})$/.exec(card.expiry);
  if (match) {
    const month = Number(match[1]);
    const year = 2000 + Number(match[2]);
    // A card is valid through the last day of its expiry month.
    const endOfMonth = Date.UTC(year, month, 1);
    if (endOfMonth <= now.getTime()) {
      issues.push({ path: 'card.expiry', message: `card expired at the end of ${card.expiry}` });
    }
  }
  return issues;
}

export type ChargeDecision =
  { readonly approved: true } | { readonly approved: false; readonly reason: string };

export interface ChargeDecisionInput {
  readonly card: Card;
  readonly orderId: string;
  /** Share of other cards declined, 0 to 1. */
  readonly declineRate: number;
  readonly seed: number;
}

/**
 * What the simulated card issuer says. The test cards always give the same
 * answer; any other card is declined with probability `declineRate`, drawn
 * from the run's seed and the order, so a repeated run declines the same orders.
 */
export function decideCharge(input: ChargeDecisionInput): ChargeDecision {
  if (input.card.number === TEST_CARDS.declined) {
    return { approved: false, reason: 'test card 4000000000000002 is always declined' };
  }
  if (input.card.number === TEST_CARDS.accepted) return { approved: true };
  if (rngFor(input.seed, 'decline', input.orderId)() < input.declineRate) {
    return { approved: false, reason: 'declined by the issuer (simulated decline rate)' };
  }
  return { approved: true };
}
