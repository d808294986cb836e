import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
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
