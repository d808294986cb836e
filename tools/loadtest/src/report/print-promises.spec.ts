import { describe, expect, it } from 'vitest';
import type { RunResult } from '../result/index.js';
import { runResult } from '../testing/run-result.js';
import { printHtml } from './html/print-html.js';
import { printMarkdown } from './markdown/print-markdown.js';

/**
 * A report.json saved before the judgement was stored: no `promises`, and
 * the seed scenario said passed though its hybrid leaked 4 reservations
 * (the old rule counted lost, duplicates and orphan charges only).
 */
function savedBeforeWithLeak(): RunResult {
  const json = JSON.parse(JSON.stringify(runResult)) as {
    scenarios: {
      name: string;
      passed: boolean;
      promises?: unknown;
      variants: Record<string, unknown>[];
    }[];
  };
  for (const s of json.scenarios) {
    delete s.promises;
    for (const v of s.variants) delete v.promises;
  }
  const seed = json.scenarios.find((s) => s.name === 'seed-checkout')!;
  const hybrid = seed.variants.find((v) => v.variant === 'hybrid')!;
  hybrid.accounting = { ...(hybrid.accounting as object), leakedReservations: 4 };
  seed.passed = true;
  return json as unknown as RunResult;
}

describe('a report saved before promises were stored', () => {
  const old = savedBeforeWithLeak();

  it('still prints, judged from its accounting: the leak in red, the scenario failed', () => {
    const html = printHtml(old);
    expect(html).toContain(
      '<div class="title"><h2>seed-checkout</h2><span class="badge fail">failed</span>',
    );
    expect(html).toContain('<td class="bad">leaked reservations 4</td>');
    expect(html).toContain('<li>seed-checkout: hybrid: leaked reservations 4</li>');
    const markdown = printMarkdown(old);
    expect(markdown).toContain('## seed-checkout: ❌ failed');
    expect(markdown).toMatch(/^\| hybrid \|.*\| ❌ leaked reservations 4 \|$/m);
    expect(markdown).toContain('seed-checkout ❌, email-outage ❌');
  });

  it('prints as a stored one does when nothing was broken', () => {
    const clean = JSON.parse(JSON.stringify(runResult)) as RunResult;
    const stripped = JSON.parse(
      JSON.stringify(runResult, (key, value: unknown) => (key === 'promises' ? undefined : value)),
    ) as RunResult;
    expect(printMarkdown(stripped)).toBe(printMarkdown(clean));
    expect(printHtml(stripped)).toBe(printHtml(clean));
  });
});
