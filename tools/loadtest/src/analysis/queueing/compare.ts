/** A prediction held against a measurement: how far apart, and whether they agree. */
import { MODEL_TOLERANCE, type ModelCheck } from '../../result/index.js';

/** Below these, a figure is ~0 and two of them agree whatever their ratio. */
const FLOOR: Record<ModelCheck['unit'], number> = {
  share: 0.005,
  ms: 1,
  s: 0.001,
  orders: 0.5,
};

const NO_STEADY_STATE =
  'the load was at or over the ceiling in this run (ρ ≥ 1): there is no steady state to predict';

/**
 * A check of one figure; `why` says why they differ, asked only when they
 * do. Without a prediction nothing is judged (`agrees` null), and
 * `noPrediction` says why there is none.
 */
export function check(
  c: Omit<ModelCheck, 'difference' | 'agrees' | 'reason'>,
  why: (measured: number) => string,
  floor: number = FLOOR[c.unit],
  noPrediction: string = NO_STEADY_STATE,
): ModelCheck {
  const { measured } = c;
  const predicted = c.predicted !== null && Number.isFinite(c.predicted) ? c.predicted : null;
  if (predicted === null)
    return {
      ...c,
      predicted,
      difference: null,
      agrees: null,
      reason: noPrediction,
    };
  if (measured === null) return { ...c, difference: null, agrees: null, reason: 'not measured' };
  const tiny = Math.abs(predicted) < floor && Math.abs(measured) < floor;
  const difference = tiny || predicted === 0 ? null : Math.abs(measured - predicted) / predicted;
  const agrees = tiny || (difference !== null && difference <= MODEL_TOLERANCE);
  return { ...c, predicted, difference, agrees, ...(agrees ? {} : { reason: why(measured) }) };
}
