import { describe, expect, it } from 'vitest';
import { TEST_CARDS, cardBrand, decideCharge, luhnValid, validateCard } from './card.js';

const now = new Date('2026-11-24T12:00:00Z');

describe('card rules', () => {
  it('checks Luhn', () => {
    expect(luhnValid(TEST_CARDS.accepted)).toBe(true);
    expect(luhnValid(TEST_CARDS.declined)).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
  });

  it('names the brand', () => {
    expect(cardBrand('4242424242424242')).toBe('visa');
    expect(cardBrand('5555555555554444')).toBe('mastercard');
    expect(cardBrand('6011111111111117')).toBe('other');
  });

  it('accepts a card through the end of its expiry month and not after', () => {
    const card = { number: TEST_CARDS.accepted, expiry: '11/26', cvc: '123' };
    expect(validateCard(card, now)).toEqual([]);
    expect(validateCard({ ...card, expiry: '10/26' }, now)).toEqual([
      { path: 'card.expiry', message: 'the card has expired' },
    ]);
    expect(validateCard({ ...card, number: '4242424242424241' }, now)[0]?.path).toBe('card.number');
  });

  it('always accepts 4242… and always declines 4000…0002', () => {
    const base = { orderId: 'o-1', declineRate: 1, seed: 1 };
    const card = { expiry: '12/30', cvc: '123' };
    expect(decideCharge({ ...base, card: { ...card, number: TEST_CARDS.accepted } })).toEqual({
      approved: true,
    });
    expect(
      decideCharge({ ...base, declineRate: 0, card: { ...card, number: TEST_CARDS.declined } })
        .approved,
    ).toBe(false);
  });

  it('declines other cards at the configured rate, the same orders every run', () => {
    const card = { number: '5555555555554444', expiry: '12/30', cvc: '123' };
    const decide = (seed: number) =>
      Array.from(
        { length: 2000 },
        (_, i) => decideCharge({ card, orderId: `o-${i}`, declineRate: 0.1, seed }).approved,
      );
    const first = decide(3);
    expect(decide(3)).toEqual(first);
    const declined = first.filter((a) => !a).length;
    expect(declined).toBeGreaterThan(150);
    expect(declined).toBeLessThan(250);
    expect(decide(4)).not.toEqual(first);
  });
});
