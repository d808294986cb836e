import { describe, expect, it } from 'vitest';
import { runWithCrossover } from '../../testing/crossover-run.js';
import { printMarkdown } from './print-markdown.js';

describe('the crossover in report.md', () => {
  const md = printMarkdown(runWithCrossover);
  const section = md.slice(md.indexOf('## crossover'));

  it('has the verdict, the grid and every cell', () => {
    expect(section).toContain('### Verdict\n\nUnder the sync pool of 200');
    expect(section).toContain('| payment latency ↓ · rate → | 20/s | 80/s | 200/s |');
    expect(section).toContain(
      '| 3 s | even · sync 3 s · async 3.04 s · 60 in flight | **async 1.4×** · sync 4.25 s · async 3.06 s · 240 in flight | **async** · sync never (41 % not done) · async 9.8 s · 600 in flight |',
    );
    expect(section).toContain(
      '| 3 s | 200/s | 600 | sync | 4.62 s | 6.14 s | 5.1 s | never (41 % not done) | 41 % | saturated: 410 |',
    );
    expect(section).toContain('| sync | 9 | 4,990 | 4,990 | 0 | 0 | 0 | 0 |');
  });

  it('makes the data inert', () => {
    expect(section).not.toContain('<script>');
    expect(section).toContain('- a note with &lt;/script>&lt;script>');
  });
});
