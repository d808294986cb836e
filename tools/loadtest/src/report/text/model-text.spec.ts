import { describe, expect, it } from 'vitest';
import type { ModelCheck, RunResult } from '../../result/index.js';
import { HOSTILE, runResult } from '../../testing/run-result.js';
import { printHtml } from '../html/print-html.js';
import { printMarkdown } from '../markdown/print-markdown.js';
import { modelRows, modelVerdict } from './model-text.js';

const CHECKS: ModelCheck[] = [
  {
    figure: 'chance of waiting for a slot',
    variant: 'sync',
    unit: 'share',
    predicted: 0.1377,
    measured: 0.0712,
    difference: 0.483,
    agrees: false,
    model: 'Erlang C, c = 200, λ = 48.0/s, S = 3.660 s',
    reason: `service time is not exponential ${HOSTILE}`,
  },
  {
    figure: 'p99 wait for a slot',
    variant: 'sync',
    unit: 'ms',
    predicted: 284,
    measured: 300,
    difference: 0.056,
    agrees: true,
    model: 'Allen–Cunneen (cs² = 0), c = 200',
  },
  {
    figure: 'outage: backlog peak',
    variant: 'async',
    unit: 'orders',
    predicted: null,
    measured: 40,
    difference: null,
    agrees: false,
    model: 'λ·T',
    reason: 'no steady state',
  },
];

const withModel: RunResult = {
  ...runResult,
  scenarios: runResult.scenarios.map((s, i) => (i === 1 ? { ...s, model: CHECKS } : s)),
};

describe('the model beside the measurement, printed', () => {
  it('shows predicted and measured in their units, how far apart, and why they differ', () => {
    expect(modelRows(CHECKS)).toEqual([
      [
        'chance of waiting for a slot',
        'sync',
        '13.8 %',
        '7.12 %',
        '48.3 %',
        `differs by more than 15 %: service time is not exponential ${HOSTILE}`,
      ],
      ['p99 wait for a slot', 'sync', '284 ms', '300 ms', '5.6 %', 'agrees'],
      [
        'outage: backlog peak',
        'async',
        '—',
        '40',
        '—',
        'differs by more than 15 %: no steady state',
      ],
    ]);
    expect(
      modelVerdict({ ...CHECKS[1]!, measured: null, agrees: null, reason: 'not measured' }),
    ).toBe('not measured');
  });

  it('has a table in the Markdown and the HTML of the scenario, its text escaped', () => {
    const markdown = printMarkdown(withModel);
    expect(markdown).toContain('**The model beside the measurement**');
    expect(markdown).toContain('| p99 wait for a slot | sync | 284 ms | 300 ms | 5.6 % | agrees |');
    expect(markdown).toContain('- sync: Erlang C, c = 200, λ = 48.0/s, S = 3.660 s');
    expect(printMarkdown(runResult)).not.toContain('The model beside the measurement');
    const html = printHtml(withModel);
    expect(html).toContain('<h3>The model beside the measurement</h3>');
    expect(html).toContain(
      '<td class="bad">differs by more than 15 %: service time is not exponential &lt;/script&gt;',
    );
    expect(html).not.toContain(`exponential ${HOSTILE}`);
  });
});
