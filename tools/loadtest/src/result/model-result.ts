/**
 * Queueing theory beside the measurement (docs/queueing.md): for each figure
 * the model predicts, both numbers, how far apart, and why when they differ.
 */
import type { Variant } from '@lab/domain';

/** The share by which a prediction and a measurement may differ and still agree. */
export const MODEL_TOLERANCE = 0.15;

export interface ModelCheck {
  /** What is compared: "chance of waiting for a slot", "backlog peak"… */
  readonly figure: string;
  readonly variant: Variant;
  readonly unit: 'share' | 'ms' | 's' | 'orders';
  /** null when the model has no steady state to predict (the pool over its ceiling, ρ ≥ 1). */
  readonly predicted: number | null;
  /** null when the run did not record it. */
  readonly measured: number | null;
  /** |measured − predicted| ÷ predicted; null without a measurement or when both are ~0. */
  readonly difference: number | null;
  /** Within MODEL_TOLERANCE, or both under the figure's floor; null without a measurement. */
  readonly agrees: boolean | null;
  /** The formula and the inputs it was given. */
  readonly model: string;
  /** Why the two differ (set only when they do, or when nothing was measured). */
  readonly reason?: string;
}
