import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { REDACTED } from './redact.js';
import { Registry } from './metrics.js';

describe('metrics', () => {
  it('render counters, gauges and histograms in Prometheus text', () => {
    const r = new Registry();
    const c = r.counter('lab_requests_total', 'Requests.', ['route', 'status']);
    c.inc({ route: '/checkout', status: '200' });
    c.inc({ route: '/checkout', status: '200' });
    c.inc({ route: '/checkout', status: '400' });
    r.gauge('lab_in_flight', 'In flight.', [], () => 3);
    const h = r.histogram('lab_latency_seconds', 'Latency.', ['route'], [0.1, 1]);
    h.observe(0.05, { route: 'a"b' });
    h.observe(0.5, { route: 'a"b' });
    h.observe(5, { route: 'a"b' });
    expect(r.render()).toBe(
      [
        '# HELP lab_requests_total Requests.',
        '# TYPE lab_requests_total counter',
        'lab_requests_total{route="/checkout",status="200"} 2',
        'lab_requests_total{route="/checkout",status="400"} 1',
        '# HELP lab_in_flight In flight.',
        '# TYPE lab_in_flight gauge',
        'lab_in_flight 3',
        '# HELP lab_latency_seconds Latency.',
        '# TYPE lab_latency_seconds histogram',
        'lab_latency_seconds_bucket{route="a\\"b",le="0.1"} 1',
        'lab_latency_seconds_bucket{route="a\\"b",le="1"} 2',
        'lab_latency_seconds_bucket{route="a\\"b",le="+Inf"} 3',
        'lab_latency_seconds_sum{route="a\\"b"} 5.55',
        'lab_latency_seconds_count{route="a\\"b"} 3',
        '',
      ].join('\n'),
    );
    expect(c.get({ route: '/checkout', status: '200' })).toBe(2);
  });
});

describe('logger', () => {
  it('writes JSON lines at or above its level, with error details', () => {
    const lines: string[] = [];
    const log = createLogger('svc', { level: 'info', write: (l) => lines.push(l) }).child({
      order: 'o-1',
    });
    log.debug('hidden');
    log.warn('careful', { err: Object.assign(new Error('boom'), { code: 'x' }) });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'warn',
      svc: 'svc',
      msg: 'careful',
      order: 'o-1',
      err: { name: 'Error', message: 'boom', code: 'x' },
    });
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
