import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';
import { REDACTED } from './redact.js';

const parsed = (lines: readonly string[]) =>
  lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('logger', () => {
  it('writes JSON lines at or above its level, with the conventional fields', () => {
    const lines: string[] = [];
    const log = createLogger('svc', { level: 'info', write: (l) => lines.push(l) }).child({
      order: 'o-1',
    });
    log.debug('hidden');
    log.warn('careful', { attempt: 2 });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'warn',
      service: 'svc',
      msg: 'careful',
      order: 'o-1',
      attempt: 2,
    });
    expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
  });

  it('keeps an error whole: type, message, code, stack and cause', () => {
    const lines: string[] = [];
    const log = createLogger('svc', { write: (l) => lines.push(l) });
    const cause = new Error('connection refused');
    log.error('charge failed', {
      err: Object.assign(new Error('payment unavailable', { cause }), {
        code: 'dependency_unavailable',
      }),
    });
    const { err } = parsed(lines)[0] as { err: Record<string, string> };
    expect(err).toMatchObject({ type: 'Error', code: 'dependency_unavailable' });
    expect(err.message).toContain('payment unavailable');
    expect(err.stack).toMatch(/^Error: payment unavailable\n\s+at /);
    expect(err.stack).toContain('logger.spec.ts');
    expect(err.stack).toContain('caused by: Error: connection refused');
  });

  it('writes nothing at all when silent', () => {
    const lines: string[] = [];
    const log = createLogger('svc', { level: 'silent', write: (l) => lines.push(l) });
    log.error('not written', { err: new Error('x') });
    expect(lines).toEqual([]);
  });

  it('takes card data out of child bindings too', () => {
    const lines: string[] = [];
    createLogger('svc', { write: (l) => lines.push(l) })
      .child({ card: { number: '4242424242424242', cvc: '123', last4: '4242' } })
      .info('bound');
    expect(lines[0]).not.toContain('4242424242424242');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      card: { number: REDACTED, cvc: REDACTED, last4: '4242' },
    });
  });
});

describe('logger under repeated warnings', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const outage = () => {
    const lines: string[] = [];
    const log = createLogger('svc', {
      write: (l) => lines.push(l),
      repeats: { limit: 3, intervalMs: 1000 },
    });
    return { lines, log };
  };
  const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

  it('writes an identical warning N times per interval, then one line for the rest', () => {
    const { lines, log } = outage();
    const exitListeners = process.listenerCount('exit');
    for (let i = 0; i < 10; i++) log.child({ attempt: i }).warn('redis down', { err: refused });
    expect(lines).toHaveLength(3);
    // Held-back lines are summarised at exit too, if the interval has not ended by then.
    expect(process.listenerCount('exit')).toBe(exitListeners + 1);
    vi.advanceTimersByTime(1000);
    expect(lines).toHaveLength(4);
    expect(process.listenerCount('exit')).toBe(exitListeners);
    expect(JSON.parse(lines[3]!)).toMatchObject({
      level: 'warn',
      msg: 'suppressed 7 similar',
      suppressed: 7,
      repeated: 'redis down',
      code: 'ECONNREFUSED',
      intervalMs: 1000,
    });
    // The next interval starts afresh.
    log.warn('redis down', { err: refused });
    expect(lines).toHaveLength(5);
    vi.advanceTimersByTime(5000);
    expect(lines).toHaveLength(5);
  });

  it('tells lines apart by message, error code and level, and never holds back info', () => {
    const { lines, log } = outage();
    for (let i = 0; i < 5; i++) {
      log.warn('redis down', { err: refused });
      log.warn('redis down', { err: Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }) });
      log.error('redis down', { err: refused });
      log.warn('nats down');
      log.info('retrying');
    }
    const entries = parsed(lines);
    expect(entries.filter((e) => e.msg === 'retrying')).toHaveLength(5);
    expect(entries.filter((e) => e.msg === 'redis down')).toHaveLength(9);
    expect(entries.filter((e) => e.msg === 'nats down')).toHaveLength(3);
    vi.advanceTimersByTime(1000);
    const summaries = parsed(lines).filter((e) => e.msg === 'suppressed 2 similar');
    expect(summaries.map((s) => [s.level, s.repeated, s.code])).toEqual([
      ['warn', 'redis down', 'ECONNREFUSED'],
      ['warn', 'redis down', 'ETIMEDOUT'],
      ['error', 'redis down', 'ECONNREFUSED'],
      ['warn', 'nats down', undefined],
    ]);
  });

  it('writes no summary when nothing was held back', () => {
    const { lines, log } = outage();
    log.warn('once');
    vi.advanceTimersByTime(10_000);
    log.warn('once');
    expect(parsed(lines).map((e) => e.msg)).toEqual(['once', 'once']);
  });
});

describe('logger redaction', () => {
  const lines: string[] = [];
  const log = createLogger('svc', { level: 'info', write: (l) => lines.push(l) });

  it('never writes a card number, CVC or expiry, however it is handed one', () => {
    log.warn('charge of 4242424242424242 failed', {
      card: {
        number: '4000000000000002',
        expiry: '12/30',
        cvc: '123',
        token: 'tok_1',
        last4: '0002',
      },
      body: { nested: { cvc: '999', pan: '5555555555554444' } },
      err: new Error('card 4242424242424241 fails the Luhn check'),
    });
    const line = lines.at(-1)!;
    for (const secret of [
      '4242424242424242',
      '4000000000000002',
      '4242424242424241',
      '5555555555554444',
      '999',
      '12/30',
      '"123"',
    ])
      expect(line).not.toContain(secret);
    expect(JSON.parse(line)).toMatchObject({
      msg: 'charge of [card number ending 4242] failed',
      card: { number: REDACTED, cvc: REDACTED, token: 'tok_1', last4: '0002' },
      err: { message: 'card [card number ending 4241] fails the Luhn check' },
    });
  });

  it('leaves ids, timestamps and short numbers alone', () => {
    const orderId = 'sync-0b7e6f2a-1c3d-4e5f-8a9b-123456789012';
    log.info('order placed', { orderId, at: 1764000000000, amountCents: 4999, sku: 'SKU-0001' });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({
      orderId,
      at: 1764000000000,
      amountCents: 4999,
      sku: 'SKU-0001',
    });
  });
});
