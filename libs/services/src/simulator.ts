import { setTimeout as sleep } from 'node:timers/promises';
import {
  DependencyUnavailableError,
  rngFor,
  type LatencyAdjustment,
  type LatencyModel,
  type StepName,
} from '@lab/domain';
import { SPAN_ATTRIBUTES, tracingActive, withSpan } from '@lab/telemetry';

/**
 * The wait that stands for the bank's or the mail provider's time, as a span
 * of its own (lab.simulated): what the load tool shows apart from the stack's time.
 */
function simulatedSpan(step: StepName, ms: number): Promise<void> {
  const attributes = {
    [SPAN_ATTRIBUTES.simulated]: true,
    [SPAN_ATTRIBUTES.step]: step,
    'lab.simulated_ms': ms,
  };
  return withSpan(`simulate ${step}`, { attributes }, () => sleep(ms));
}

/** A fault on one step, set at run time (the `slow` and `errors` fault kinds). */
export interface StepFault extends LatencyAdjustment {
  /** Probability, 0 to 1, that the step fails as if its provider were down. */
  readonly errorRate?: number;
}

/**
 * Plays the external world: each step waits its simulated latency (I/O, not
 * CPU), and may be slowed or made to fail by a fault set on it.
 */
export class Simulator {
  private readonly faults = new Map<StepName, StepFault>();
  private draws = 0;

  constructor(readonly latency: LatencyModel) {}

  setFault(step: StepName, fault: StepFault | undefined): void {
    if (fault) this.faults.set(step, fault);
    else this.faults.delete(step);
  }

  faultOf(step: StepName): StepFault | undefined {
    return this.faults.get(step);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Waits out `step` for the work item `key`; throws when an error fault fires. */
  async run(step: StepName, key: string): Promise<void> {
    const fault = this.faults.get(step);
    const ms = this.latency.delayMs(step, key, fault);
    if (ms > 0) await (tracingActive() ? simulatedSpan(step, ms) : sleep(ms));
    if (
      fault?.errorRate &&
      rngFor(this.latency.options.seed, 'fault', step, key, String(this.draws++))() <
        fault.errorRate
    ) {
      throw new DependencyUnavailableError(`${step} provider`, 'injected error');
    }
  }
}
