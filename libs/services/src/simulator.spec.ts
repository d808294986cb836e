import { afterEach, describe, expect, it } from 'vitest';
import { PROFILES, createLatencyModel } from '@lab/domain';
import {
  SPAN_ATTRIBUTES,
  startTracingInMemory,
  withSpan,
  type InMemoryTracing,
} from '@lab/telemetry';
import { Simulator } from './simulator.js';

/** The seed profile at a hundredth of its length: chargeCard waits 20 ms. */
const simulator = () =>
  new Simulator(createLatencyModel({ profile: PROFILES.seed, timeScale: 0.01, seed: 1 }));

let tracing: InMemoryTracing | undefined;
afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
});

describe("the simulated provider's time", () => {
  it('is a span of its own, marked simulated, as long as the wait', async () => {
    tracing = startTracingInMemory('sync-payment');
    // Inside the call that asked for it, as a service's server span.
    await withSpan('Charge', { kind: 'server' }, () => simulator().run('chargeCard', 'o1'));
    const [span] = await tracing.spans();
    expect(span!.name).toBe('simulate chargeCard');
    expect(span!.attributes).toMatchObject({
      [SPAN_ATTRIBUTES.simulated]: true,
      [SPAN_ATTRIBUTES.step]: 'chargeCard',
      'lab.simulated_ms': 20,
    });
    const ms = span!.duration[0] * 1000 + span!.duration[1] / 1e6;
    expect(ms).toBeGreaterThanOrEqual(19);
  });

  it('is no span when nothing is waited (time scale 0), and none while tracing is off', async () => {
    const zero = new Simulator(
      createLatencyModel({ profile: PROFILES.seed, timeScale: 0, seed: 1 }),
    );
    tracing = startTracingInMemory();
    await withSpan('Charge', { kind: 'server' }, () => zero.run('chargeCard', 'o1'));
    expect((await tracing.spans()).map((s) => s.name)).toEqual(['Charge']);
    await tracing.shutdown();
    tracing = undefined;
    await expect(simulator().run('chargeCard', 'o2')).resolves.toBeUndefined();
  });
});
