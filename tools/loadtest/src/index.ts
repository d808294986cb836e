export { runSuite, selectScenarios, type SuiteOptions } from './run-suite.js';
export { writeReport } from './write-report.js';
export { defaultSuite, validateScenario, type Scenario, type Workload } from './scenarios.js';
export type * from './result.js';
export { printHtml, printMarkdown } from './report/index.js';
