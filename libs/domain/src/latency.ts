import { normal, rngFor } from './random.js';
import { ALL_STEPS, type StepName } from './steps.js';

/** How one step's latency is drawn, before the global time scale. */
export type StepDistribution =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'lognormal'; readonly medianMs: number; readonly sigma: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number };

export interface LatencyProfile {
  readonly name: string;
  readonly description: string;
  readonly steps: Readonly<Record<StepName, StepDistribution>>;
}

export type ProfileName = 'seed' | 'lognormal' | 'zero' | 'provider';

export const PROFILE_NAMES: readonly ProfileName[] = ['seed', 'lognormal', 'zero', 'provider'];

/** The steps that call the card network: the only waits of the `provider` profile. */
const PROVIDER_STEPS: ReadonlySet<StepName> = new Set<StepName>(['chargeCard', 'refundCharge']);

function everyStep(make: (seedMs: number) => StepDistribution): Record<StepName, StepDistribution> {
  return Object.fromEntries(ALL_STEPS.map((s) => [s.name, make(s.seedMs)])) as Record<
    StepName,
    StepDistribution
  >;
}

/** The shape of the log-normal profile: a p99 about 2.5 times the median. */
const LOGNORMAL_SIGMA = 0.4;

export const PROFILES: Readonly<Record<ProfileName, LatencyProfile>> = {
  seed: {
    name: 'seed',
    description: "the article's delays exactly, no jitter",
    steps: everyStep((ms) => ({ kind: 'fixed', ms })),
  },
  lognormal: {
    name: 'lognormal',
    description: `log-normal around the article's delays (sigma ${LOGNORMAL_SIGMA})`,
    steps: everyStep((ms) => ({ kind: 'lognormal', medianMs: ms, sigma: LOGNORMAL_SIGMA })),
  },
  zero: {
    name: 'zero',
    description: 'no simulated latency: measures the stacks themselves',
    steps: everyStep(() => ({ kind: 'fixed', ms: 0 })),
  },
  provider: {
    name: 'provider',
    description:
      "the payment provider's charge and refund at the article's delays, every other step none: the provider is the only wait",
    steps: Object.fromEntries(
      ALL_STEPS.map((s) => [
        s.name,
        { kind: 'fixed', ms: PROVIDER_STEPS.has(s.name) ? s.seedMs : 0 },
      ]),
    ) as Record<StepName, StepDistribution>,
  },
};

export function isProfileName(value: string): value is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(value);
}

/** A change to one step's latency (the `slow` fault): `ms * multiplier + addMs`. */
export interface LatencyAdjustment {
  readonly multiplier?: number;
  readonly addMs?: number;
}

export interface LatencyModelOptions {
  readonly profile: LatencyProfile;
  /** Multiplies every delay: 1 is the article's time, 0.01 runs a hundred times faster. */
  readonly timeScale: number;
  /** The run's seed: the same seed and key give the same delay. */
  readonly seed: number;
}

export interface LatencyModel {
  readonly options: LatencyModelOptions;
  /** The simulated delay, in milliseconds, of `step` for the work item `key`. */
  delayMs(step: StepName, key: string, adjustment?: LatencyAdjustment): number;
  /** The delay before any draw: the fixed value or the median, scaled. */
  nominalMs(step: StepName): number;
}

function draw(dist: StepDistribution, rng: () => number): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.ms;
    case 'lognormal':
      return dist.medianMs * Math.exp(dist.sigma * normal(rng));
    case 'uniform':
      return dist.minMs + (dist.maxMs - dist.minMs) * rng();
  }
}

function nominal(dist: StepDistribution): number {
  switch (dist.kind) {
    case 'fixed':
      return dist.ms;
    case 'lognormal':
      return dist.medianMs;
    case 'uniform':
      return (dist.minMs + dist.maxMs) / 2;
  }
}

export function createLatencyModel(options: LatencyModelOptions): LatencyModel {
  if (!(options.timeScale >= 0) || !Number.isFinite(options.timeScale)) {
    throw new RangeError(`timeScale must be a finite number >= 0, got ${options.timeScale}`);
  }
  const { profile, timeScale, seed } = options;
  return {
    options,
    delayMs(step, key, adjustment) {
      const dist = profile.steps[step];
      const base = dist.kind === 'fixed' ? dist.ms : draw(dist, rngFor(seed, 'latency', step, key));
      const adjusted = base * (adjustment?.multiplier ?? 1) + (adjustment?.addMs ?? 0);
      return Math.max(0, adjusted * timeScale);
    },
    nominalMs(step) {
      return nominal(profile.steps[step]) * timeScale;
    },
  };
}
