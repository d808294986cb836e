import { describe, expect, it } from 'vitest';
import { envelope, faultTargetName, linkTargetName } from './fault-timeline.js';

describe('faults on the timeline', () => {
  it('names the variant’s app, and leaves brokers and full names alone', () => {
    expect(faultTargetName('notification', 'async')).toBe('async-notification');
    expect(faultTargetName('nats', 'sync')).toBe('nats');
    expect(faultTargetName('hybrid-payment', 'sync')).toBe('hybrid-payment');
  });
  it("names a link fault's links as the variant's stack does", () => {
    expect(linkTargetName('*', 'hybrid')).toBe('hybrid');
    expect(linkTargetName('payment', 'async')).toBe('async-payment');
    expect(linkTargetName('gateway->payment,inventory', 'sync')).toBe(
      'sync-gateway->sync-payment,sync-inventory',
    );
    expect(linkTargetName('payment->redis,nats', 'async')).toBe('async-payment->redis,nats');
  });
  it('draws one window per fault around every variant’s actual times', () => {
    const planned = [{ kind: 'crash' as const, target: 'payment', startS: 5, durationS: 2 }];
    const ran = (appliedAtS: number, endedAtS: number) => [
      { ...planned[0]!, appliedAtS, endedAtS, executed: true, note: 'SIGKILL, then started again' },
    ];
    expect(envelope(planned, [ran(5.01, 7.01), ran(5.03, 7.04)])[0]).toMatchObject({
      executed: true,
      appliedAtS: 5.01,
      endedAtS: 7.04,
    });
    expect(envelope(planned, [[{ ...planned[0]!, executed: false, note: 'no' }]])[0]).toMatchObject(
      { executed: false },
    );
  });
});
