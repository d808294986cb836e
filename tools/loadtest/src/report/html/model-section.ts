/** Queueing theory beside the measurement, as an HTML table (docs/queueing.md). */
import type { ScenarioResult } from '../../result/index.js';
import { MODEL_HEADERS, modelInputs, modelRows } from '../text/model-text.js';
import { escapeHtml } from './escape.js';
import { htmlList, htmlTable, num } from './table.js';

export function modelSection(scenario: ScenarioResult): string {
  const checks = scenario.model ?? [];
  if (!checks.length) return '';
  const rows = modelRows(checks).map((r, i) => [
    r[0]!,
    r[1]!,
    num(r[2]!),
    num(r[3]!),
    num(r[4]!),
    {
      text: r[5]!,
      className: checks[i]!.agrees === false ? 'bad' : checks[i]!.agrees ? 'good' : '',
    },
  ]);
  return [
    `<h3>The model beside the measurement</h3>`,
    `<p class="muted">${escapeHtml('Queueing theory’s prediction for each figure it covers; formulas and assumptions in docs/queueing.md.')}</p>`,
    htmlTable(MODEL_HEADERS, rows),
    htmlList(modelInputs(checks)),
  ].join('');
}
