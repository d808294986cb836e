/**
 * What a run adds over its scenarios once they have all run: each ramped
 * variant's capacity against the transports measured in the run and its
 * baseline scenario, the article's table, and whether the whole run passed.
 */
import type { ArticleTable, ScenarioResult, TransportResult } from '../result/index.js';
import { articleTable } from './article-table.js';
import { withCapacity } from './capacity.js';

export interface RunJudgement {
  readonly scenarios: ScenarioResult[];
  readonly article: ArticleTable;
  /** Every scenario passed: every promise kept and every threshold held. */
  readonly passed: boolean;
}

export function judgeRun(
  scenarios: readonly ScenarioResult[],
  transport: TransportResult | undefined,
): RunJudgement {
  const judged = withCapacity(scenarios, transport);
  return {
    scenarios: judged,
    article: articleTable(judged),
    passed: judged.every((s) => s.passed),
  };
}
