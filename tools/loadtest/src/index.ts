export { runSuite, selectScenarios, type SuiteOptions } from './runner/run-suite.js';
export { writeReport } from './report/write-report.js';
export { defaultSuite, validateScenario, type Scenario, type Workload } from './scenario/default-suite.js';
export type * from './result/index.js';
export { printHtml, printMarkdown } from './report/index.js';
