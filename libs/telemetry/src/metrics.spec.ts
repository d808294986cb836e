import { describe, expect, it } from 'vitest';
import { PROMETHEUS_CONTENT_TYPE, Registry } from './metrics.js';

/** The sample lines of a metric (its # HELP and # TYPE lines aside). */
const samples = (text: string, name: string) =>
  text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe('metrics', () => {
  it('render counters, gauges and histograms in Prometheus text', async () => {
    const r = new Registry();
    const c = r.counter('lab_requests_total', 'Requests.', ['route', 'status']);
    c.inc({ route: '/checkout', status: '200' });
    c.inc({ route: '/checkout', status: '200' });
    c.inc({ route: '/checkout', status: '400' }, 3);
    r.gauge('lab_in_flight', 'In flight.', [], () => 3);
    const h = r.histogram('lab_latency_seconds', 'Latency.', ['route'], [0.1, 1]);
    h.observe(0.05, { route: 'a"b' });
    h.observe(0.5, { route: 'a"b' });
    h.observe(5, { route: 'a"b' });
    const text = await r.render();
    expect(text).toContain('# TYPE lab_requests_total counter');
    expect(samples(text, 'lab_requests_total')).toEqual([
      'lab_requests_total{route="/checkout",status="200"} 2',
      'lab_requests_total{route="/checkout",status="400"} 3',
    ]);
    expect(samples(text, 'lab_in_flight')).toEqual(['lab_in_flight 3']);
    expect(text).toContain('# TYPE lab_latency_seconds histogram');
    expect(text).toContain('lab_latency_seconds_bucket{le="0.1",route="a\\"b"} 1');
    expect(text).toContain('lab_latency_seconds_bucket{le="1",route="a\\"b"} 2');
    expect(text).toContain('lab_latency_seconds_bucket{le="+Inf",route="a\\"b"} 3');
    expect(text).toContain('lab_latency_seconds_sum{route="a\\"b"} 5.55');
    expect(text).toContain('lab_latency_seconds_count{route="a\\"b"} 3');
    expect(await c.get({ route: '/checkout', status: '200' })).toBe(2);
    expect(await c.get({ route: '/orders', status: '200' })).toBe(0);
    expect(r.contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(PROMETHEUS_CONTENT_TYPE).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("carry the process's default metrics only where asked", async () => {
    const text = await new Registry({ defaultMetrics: true }).render();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_eventloop_lag_p99_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_gc_duration_seconds',
    ])
      expect(text, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    expect(await new Registry().render()).not.toContain('process_cpu_seconds_total');
  });

  it('read collected gauges and counters at each scrape; a failing one is left out', async () => {
    const r = new Registry();
    let rejected = 1;
    r.counter('lab_rejected_total', 'Refused.', [], () => rejected);
    let up = true;
    r.gauge('lab_backlog_messages', 'Backlog.', ['consumer'], async (g) => {
      if (!up) throw new Error('broker down');
      g.set(4, { consumer: 'a' });
      g.set(0, { consumer: 'b' });
    });
    expect(samples(await r.render(), 'lab_rejected_total')).toEqual(['lab_rejected_total 1']);
    rejected = 5;
    let text = await r.render();
    expect(samples(text, 'lab_rejected_total')).toEqual(['lab_rejected_total 5']);
    expect(samples(text, 'lab_backlog_messages')).toEqual([
      'lab_backlog_messages{consumer="a"} 4',
      'lab_backlog_messages{consumer="b"} 0',
    ]);
    up = false;
    text = await r.render();
    expect(samples(text, 'lab_backlog_messages')).toEqual([]);
    expect(samples(text, 'lab_rejected_total')).toEqual(['lab_rejected_total 5']);
  });

  it('give the same metric to a second caller, and refuse a clash', () => {
    const r = new Registry();
    const a = r.counter('lab_events_total', 'Events.', ['by']);
    expect(r.counter('lab_events_total', 'Events.', ['by'])).toBe(a);
    expect(() => r.counter('lab_events_total', 'Events.', ['by'], () => 1)).toThrow(
      /already registered/,
    );
    expect(() => r.counter('lab_events_total', 'Events.', ['kind'])).toThrow(/already registered/);
    r.gauge('lab_in_flight', 'In flight.', [], () => 1);
    expect(() => r.gauge('lab_in_flight', 'In flight.', [], () => 2)).toThrow(/collected/);
  });

  it('hold every name to Prometheus conventions', () => {
    const r = new Registry();
    expect(() => r.counter('lab_requests', 'x')).toThrow('a counter name ends in _total');
    expect(() => r.gauge('lab_rejected_total', 'x')).toThrow('only a counter name ends in _total');
    expect(() => r.histogram('lab_latency', 'x')).toThrow('ends in its base unit');
    expect(() => r.histogram('lab_latency_ms', 'x')).toThrow('ends in its base unit');
    expect(() => r.histogram('lab_request_duration_seconds', 'x')).not.toThrow();
    expect(() => r.counter('lab bad name_total', 'x')).toThrow(/name/i);
  });
});
