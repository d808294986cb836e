export { runSuite, type SuiteOptions } from './runner/run-suite.js';
export { selectScenarios } from './scenario/select.js';
export { writeReport } from './report/write-report.js';
export { defaultSuite } from './scenario/default-suite.js';
export { validateScenario } from './scenario/validation.js';
export type { Scenario, Workload } from './scenario/types.js';
export type * from './result/index.js';
export { printHtml, printMarkdown } from './report/index.js';
export { CompletionTracker } from './probes/completion-tracker.js';
export {
  startSpanCollector,
  type SpanCollector,
  type SpanCollectorOptions,
} from './probes/span-collector.js';
export type { CollectedSpan } from './probes/otlp-json.js';
export { buildWaterfall, type WaterfallInput } from './analysis/waterfall.js';
