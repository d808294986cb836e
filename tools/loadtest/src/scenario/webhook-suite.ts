/**
 * The article's third pattern: the stacks charging by webhook
 * (LAB_CHARGING=webhook), each beside a payment provider of its own that
 * answers a charge at once and calls the stack's receiver when it settles.
 */
import { CRITICAL_STEPS, seedTotalMs, type Variant } from '@lab/domain';
import type { Scenario } from './types.js';

export const WEBHOOK_SCENARIO = 'seed-webhook';
/** The webhook variants: the sync stack keeps waiting on its charges (the baseline). */
const WEBHOOK_VARIANTS: readonly Variant[] = ['async', 'hybrid'];
/** What the hybrid's customer waits for, charging by webhook: validate, check, reserve. */
export const PENDING_FLOOR_MS = seedTotalMs(CRITICAL_STEPS.filter((s) => s.name !== 'chargeCard'));
/** The stack's own time over that floor that the article's row allows. */
export const PENDING_OWN_MS = 15;

const WEBHOOK = { LAB_CHARGING: 'webhook' } as const;
/** The provider's charge at the article's delay, in seconds: the `provider` profile's only wait. */
const PROVIDER_CHARGE_S = seedTotalMs(CRITICAL_STEPS.filter((s) => s.name === 'chargeCard')) / 1000;

export function webhookScenarios(quick: boolean): Scenario[] {
  const d = (full: number, short: number) => (quick ? short : full);
  const faultScale = d(0.25, 0.05);
  // Retries capped low: a receiver back after an outage gets the backlog within a second.
  const fastRetries = { LAB_WEBHOOK_RETRY_BASE_MS: 200, LAB_WEBHOOK_RETRY_MAX_MS: 1_000 };
  return [
    {
      name: WEBHOOK_SCENARIO,
      description:
        "The article's webhook: the hybrid charging by webhook answers 202 payment_pending after validate, check and reserve (450 ms at the seed profile), and confirms when the provider's signed event arrives 2 s later.",
      workload: { mode: 'open', rate: d(20, 20), durationS: d(6, 3), warmupS: d(4, 1) },
      repeats: 3,
      mix: {},
      variants: ['hybrid'],
      profile: 'seed',
      timeScale: d(1, 0.05),
      faults: [],
      settings: { ...WEBHOOK, LAB_BACKGROUND_POLICY: 'idle' },
      thresholds: quick
        ? []
        : [
            {
              metric: 'accepted.p50',
              max: PENDING_FLOOR_MS + PENDING_OWN_MS,
              variants: ['hybrid' as const],
            },
          ],
      drainTimeoutS: d(20, 10),
    },
    {
      name: 'webhook-outage',
      description:
        "The shop's webhook receiver is killed mid-run and restarted: the provider keeps retrying (capped backoff), every event arrives after the restart, nothing is lost or charged twice; the completion times show what the outage cost.",
      workload: { mode: 'open', rate: 10, durationS: d(15, 4), warmupS: d(2, 1) },
      arrivals: { process: 'poisson' },
      mix: { declined: 0.05 },
      variants: WEBHOOK_VARIANTS,
      profile: 'lognormal',
      timeScale: faultScale,
      faults: [{ kind: 'crash', target: 'webhook', startS: d(15, 4) / 4, durationS: d(15, 4) / 2 }],
      settings: { ...WEBHOOK, ...fastRetries },
      thresholds: [],
      drainTimeoutS: d(30, 15),
      // Behaviour at 10 orders a second: the variants run at once, each on brokers of its own.
      together: !quick,
    },
    {
      name: 'webhook-chaos',
      description:
        'The provider delivers half of its events twice and holds half back so later ones overtake them, as real providers may: every order settles exactly once.',
      workload: { mode: 'open', rate: 10, durationS: d(10, 3), warmupS: 1 },
      arrivals: { process: 'poisson' },
      mix: { declined: 0.05 },
      variants: WEBHOOK_VARIANTS,
      profile: 'lognormal',
      timeScale: faultScale,
      faults: [],
      settings: {
        ...WEBHOOK,
        ...fastRetries,
        LAB_WEBHOOK_DUPLICATE_RATE: 0.5,
        LAB_WEBHOOK_REORDER_RATE: 0.5,
        LAB_WEBHOOK_REORDER_DELAY_MS: 500,
      },
      thresholds: [],
      drainTimeoutS: d(30, 15),
      together: !quick,
    },
  ];
}

/**
 * The capacity ramp charging by webhook, with the provider's 2 s charge the
 * only wait (profile `provider`): a payment consumer acks once the charge is
 * requested and the hybrid answers `payment_pending`, so neither pool is held
 * for the charge. Charging by wait, the same 2 s would cap them at c / S: 256
 * consumer slots / 2 s = 128/s (async), 200 gRPC slots / 2 s = 100/s (hybrid).
 * Stated against the zero-latency ramp of the same stacks (`capacity`).
 */
export function webhookCapacity(quick: boolean, capacity: Scenario): Scenario {
  const d = (full: number, short: number) => (quick ? short : full);
  return {
    ...capacity,
    name: 'capacity-webhook',
    baseline: capacity.name,
    // Once, against the baseline's median ceiling.
    repeats: 1,
    description:
      "The capacity ramp charging by webhook, the provider's 2 s charge the only wait (profile provider): no consumer and no slot of the hybrid's pool is held for the charge. Charging by wait, the same 2 s would cap them at c / S (async 256 consumer slots / 2 s = 128/s, hybrid 200 slots / 2 s = 100/s); every checkout here also costs an HTTP charge request and a signed event delivered to the stack's receiver. Stated against the zero-latency ramp of the same stacks (capacity).",
    workload: {
      mode: 'open',
      // Past the first settlements (2 s in), when the receiver and the workers
      // behind it start cold all at once: at 50/s the hybrid's answers took
      // over a second in seconds 3–7 and were back under 100 ms by the 10th.
      warmupRate: d(50, 20),
      warmupS: d(10, 1),
      // The hybrid answers after the provider's HTTP answer, so the ramp starts low.
      rate: d(60, 20),
      rampTo: d(600, 150),
      durationS: d(25, 6),
    },
    variants: WEBHOOK_VARIANTS,
    profile: 'provider',
    settings: WEBHOOK,
    // An order stays unfinished the charge's 2 s by design, not because the stack fell behind.
    ceiling: { ...capacity.ceiling!, inFlightS: PROVIDER_CHARGE_S },
    // The charges settle 2 s after the load: every event delivered, every order done.
    drainTimeoutS: d(40, 20),
  };
}
