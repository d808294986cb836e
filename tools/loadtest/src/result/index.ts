/**
 * The one result of a run, as report.json holds it: the runner fills it, the
 * printers only read it.
 */
export type * from './accounting.js';
export type * from './arrivals.js';
export type * from './crossover-result.js';
export type * from './exports.js';
export type * from './model-result.js';
export type * from './run-result.js';
export type * from './scenario-result.js';
export type * from './tracing-result.js';
export type * from './transport-result.js';
export type * from './variant-result.js';
export { PROMISE_COUNTS } from './accounting.js';
export { ARRIVAL_PROCESSES } from './arrivals.js';
export { MODEL_TOLERANCE } from './model-result.js';
export { TIME_KINDS } from './tracing-result.js';
export { PRIMITIVES } from './transport-result.js';
