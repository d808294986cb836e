export { runSuite, type SuiteOptions } from './runner/run-suite.js';
export { selectScenarios } from './scenario/select.js';
export { writeReport } from './report/write-report.js';
export { defaultSuite } from './scenario/default-suite.js';
export { validateScenario } from './scenario/validation.js';
export type { Scenario, Workload } from './scenario/types.js';
export type * from './result/index.js';
export { printHtml, printMarkdown } from './report/index.js';
