import { describe, expect, it } from 'vitest';
import {
  BACKGROUND_STEPS,
  CHECKOUT_STEPS,
  CRITICAL_STEPS,
  seedTotalMs,
  stepDefinition,
} from './steps.js';

describe('checkout steps', () => {
  it('are the seven steps of the article, in its order', () => {
    expect(CHECKOUT_STEPS.map((s) => [s.name, s.service, s.seedMs])).toEqual([
      ['validatePayment', 'payment', 200],
      ['checkInventory', 'inventory', 150],
      ['reserveItems', 'inventory', 100],
      ['chargeCard', 'payment', 2000],
      ['sendEmail', 'notification', 500],
      ['updateAnalytics', 'analytics', 300],
      ['notifyWarehouse', 'warehouse', 400],
    ]);
  });

  it("add up to the article's 3.65 s in sequence and 2.45 s on the critical path", () => {
    expect(seedTotalMs(CHECKOUT_STEPS)).toBe(3650);
    expect(seedTotalMs(CRITICAL_STEPS)).toBe(2450);
    expect(BACKGROUND_STEPS.map((s) => s.name)).toEqual([
      'sendEmail',
      'updateAnalytics',
      'notifyWarehouse',
    ]);
  });

  it('looks steps up by name and refuses unknown ones', () => {
    expect(stepDefinition('refundCharge').effect).toBe('refund');
    expect(() => stepDefinition('nope' as never)).toThrow(/unknown step "nope"/);
  });
});
