import { describe, expect, it } from 'vitest';
import { repeatedRun } from '../../testing/repeats-run.js';
import { HOSTILE, runResult } from '../../testing/run-result.js';
import { withVariant } from '../../testing/variations.js';
import { rejudge } from '../../testing/rejudge.js';
import { printMarkdown } from './print-markdown.js';
import type { RunResult } from '../../result/index.js';
import { TRANSPORT } from '../../testing/transport-run.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };

const SEQUENCE_ROW = '| all seven steps in sequence (sync, completed p50) |';
const CRITICAL_ROW = '| critical path only (hybrid, accepted p50) |';
const ACCEPT_ROW = '| async accept (accepted p99) |';

function rowOf(markdown: string, start: string): string {
  const row = markdown.split('\n').find((line) => line.startsWith(start));
  if (!row) throw new Error(`no row ${start}`);
  return row;
}

describe('printMarkdown', () => {
  const markdown = printMarkdown(runResult);

  it('opens with the run id and its outcome, then the machine and versions in one line', () => {
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# Load test 2025-03-14T10-02-11Z-a1b2: ❌ failed');
    expect(lines[2]).toBe(
      '2 × AMD EPYC 7B13 · 7.8 GiB · linux 6.1.0-28-amd64 · node v20.18.1 · nats-server 2.10.24 · redis-server 7.4.2 · loadtest 0.0.0',
    );
  });

  it("puts the article's table first, with ✓ for figures within 2 %", () => {
    const sections = markdown.split('\n## ').map((s) => s.split('\n')[0]);
    expect(sections[1]).toBe("The article's table");
    expect(rowOf(markdown, SEQUENCE_ROW)).toBe(`${SEQUENCE_ROW} 3.65 s | 3.68 s | +0.88 % | ✓ |`);
    expect(rowOf(markdown, CRITICAL_ROW)).toBe(`${CRITICAL_ROW} 2.45 s | 2.46 s | +0.53 % | ✓ |`);
    expect(rowOf(markdown, ACCEPT_ROW)).toBe(
      `${ACCEPT_ROW} milliseconds (<10 ms) | 6 ms | – | ✓ |`.replace('<', '&lt;'),
    );
  });

  it('holds a run at a reduced time scale to the scaled figures', () => {
    const scaled = structuredClone(runResult) as Mutable<RunResult>;
    const seed = scaled.scenarios.find((x) => x.name === 'seed-checkout')!;
    seed.timeScale = 0.05;
    for (const v of seed.variants) {
      v.completed.p50 = v.variant === 'sync' ? 186.2 : v.completed.p50;
      v.accepted.p50 = v.variant === 'hybrid' ? 150 : v.accepted.p50;
    }
    const text = printMarkdown(rejudge(scaled as RunResult));
    // 3.65 s × 0.05 = 182.5 ms; 186.2 is +2.03 %.
    expect(rowOf(text, SEQUENCE_ROW)).toBe(
      `${SEQUENCE_ROW} 3.65 s × 0.05 = 183 ms | 186 ms | +2.03 % | ✗ |`,
    );
    expect(rowOf(text, CRITICAL_ROW)).toBe(
      `${CRITICAL_ROW} 2.45 s × 0.05 = 123 ms | 150 ms | +22.45 % | ✗ |`,
    );
  });

  it('marks ✗ for figures outside 2 % and an accept that is not milliseconds', () => {
    const slow = withVariant(runResult, 'seed-checkout', 'sync', (v) => {
      v.completed.p50 = 3800;
    });
    const slowAccept = withVariant(slow, 'seed-checkout', 'async', (v) => {
      v.accepted.p99 = 25;
    });
    const text = printMarkdown(slowAccept);
    expect(rowOf(text, SEQUENCE_ROW)).toBe(`${SEQUENCE_ROW} 3.65 s | 3.8 s | +4.11 % | ✗ |`);
    expect(rowOf(text, ACCEPT_ROW)).toContain('| 25 ms | – | ✗ |');
    expect(rowOf(text, CRITICAL_ROW)).toContain('✓');
  });

  it('counts exactly 2 % as reproduced and just over as not', () => {
    const edge = (p50: number) =>
      rowOf(
        printMarkdown(
          withVariant(runResult, 'seed-checkout', 'hybrid', (v) => {
            v.accepted.p50 = p50;
          }),
        ),
        CRITICAL_ROW,
      );
    expect(edge(2450 * 0.98)).toContain('| -2.00 % | ✓ |');
    expect(edge(2450 * 1.021)).toContain('| +2.10 % | ✗ |');
  });

  it('says so when the run has no seed-checkout scenario', () => {
    const text = printMarkdown(rejudge({ ...runResult, scenarios: runResult.scenarios.slice(1) }));
    expect(text).toContain('This run has no `seed-checkout` scenario.');
  });

  it('has one summary row per variant', () => {
    expect(markdown).toContain(
      '| async | 20/s | 20/s | 3.1 ms | 6 ms | 2.97 s | 3.04 s | 0 | kept |',
    );
  });

  it('shows the verdict with its winners and costs', () => {
    expect(markdown).toContain('| figure | winner | sync | async | hybrid | cost |');
    expect(markdown).toContain(
      '| time the customer waits (accepted p50) | **async** | 3.68 s | 3.1 ms | 2.46 s | answers before the work is done: completion p50 is 2.97 s |',
    );
    expect(markdown).toContain(
      '| promises kept (lost + duplicate effects + orphan charges + missing effects + leaked reservations) | tie | 0 | 0 | 0 | every variant kept its promises |',
    );
  });

  it('lists the failed thresholds, and only those', () => {
    expect(markdown).toContain('- sync: errorRate 29.4 % > max 1 %');
    expect(markdown).toContain('- hybrid: duplicateEffects 1 > max 0');
    expect(markdown).not.toContain('completed.p99');
  });

  it('names the orders behind broken promises', () => {
    expect(markdown).toContain(
      '- sync: order ord-s-0193 (failed): charged, order failed, no refund',
    );
    expect(markdown).toContain('- hybrid: order ord-h-0271 (confirmed): email sent twice');
  });

  it("checks Little's law per variant", () => {
    expect(markdown).toContain('- sync: mean in flight 74.1 vs rate×latency 74: ratio 1.00, holds');
  });

  it('says how late the tool sent, per variant, against its 1 ms target', () => {
    expect(markdown).toContain('### Send lag (how late the tool sent)');
    expect(markdown).toMatch(
      /- sync: p50 0\.4 ms, p99 2\.1 ms, max 2\.16 ms over [\d,]+ sends \(over the 1 ms target at p99\)/,
    );
  });

  it('lists fault windows, executed or not, and notes', () => {
    expect(markdown).toContain(
      '- crash on notification, planned 8–13 s, applied 8.1–13.2 s: SIGKILL at 8.1 s, restarted at 13.2 s',
    );
    expect(markdown).toMatch(/- broker-down on redis .*, planned 15–18 s, not executed: /);
    expect(markdown).toContain('- sync: 100 orders failed while notification was down');
  });

  it("shows each variant's fault as it ran, its recovery, and the effects applied", () => {
    expect(markdown).toContain(
      '| async | crash async-notification | 8.1 s | 13.1 s | 0.9 s: backlog grew | 300 ms | 4.6 s |',
    );
    expect(markdown).toContain(
      '| hybrid | crash hybrid-notification | 8.1 s | 13.1 s | not felt | 300 ms | none: not back to normal by the end of the run |',
    );
    expect(markdown).toMatch(
      /Recovery: seconds from the end of the fault until the broker backlog/,
    );
    // The verdict says which variant the fault hurt, and which first.
    expect(markdown).toMatch(
      /\| promises kept .*\n\n(.*\n\n)?Felt first: sync after 0.1 s \(outage error \(dependency_unavailable\)\), async after 0.9 s \(backlog grew\); not felt by hybrid\. First felt: seconds/,
    );
    expect(markdown).toContain('- sync: reservation 1,200 · charge 1,200 · email 1,200');
  });

  it("tabulates where a median and a p99 order's time went, the provider apart, with the sum check", () => {
    expect(markdown).toContain('**Where the time went**');
    const sync = rowOf(markdown, '| sync | median order |');
    expect(sync).toMatch(/^\| sync \| median order \| 3\.6\d s \| 3\.6\d s \| [\d.]+ ms \|/);
    expect(sync).toMatch(/✅ parts 3\.6\d s of 3\.6\d s measured/);
    expect(rowOf(markdown, '| async | p99 order |')).toMatch(
      /\| [\d.]+ ms \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+ ms \|/,
    );
    expect(markdown).toMatch(
      /- sync, median order: the stack's own [\d.]+ ms → validatePayment 200 ms → /,
    );
    expect(markdown).toContain('**What tracing costs an answer**');
    expect(markdown).toMatch(/\| async \| [\d.]+ ms \| [\d.]+ ms \| \+0\.3 ms \| \+[\d.]+ % \|/);
  });

  it('gives the cost per 1,000 confirmed orders per variant', () => {
    expect(markdown).toContain('| async | 1.5 s | 0.5 s | 2 s | 2 s | 80 + 12 MiB |');
  });

  it("states each variant's ceiling against the transports' own, measured in the run", () => {
    const withCapacity = structuredClone(runResult) as Mutable<RunResult>;
    withCapacity.transport = TRANSPORT;
    const variants = withCapacity.scenarios.find((x) => x.name === 'email-outage')!.variants;
    variants.find((v) => v.variant === 'sync')!.ceiling = {
      rate: 600,
      brokeAtS: 9,
      why: 'accepted p99 140 ms > 100 ms at second 9',
      acceptedP99Ms: 100,
    };
    variants.find((v) => v.variant === 'async')!.ceiling = {
      rate: 900,
      brokeAtS: null,
      why: 'held to the top of the ramp',
      acceptedP99Ms: 100,
    };
    const text = printMarkdown(rejudge(withCapacity as RunResult));
    // sync: all hops on 2 CPUs: 7 × 0.15 ms = 1.05 ms per checkout, 2,000 ÷ 1.05 = 1,905/s; 600 ÷ 1,905 = 0.32,
    // below the target. The slowest hop: 7,000 gRPC calls/s ÷ 7 per checkout = 1,000/s; 600 ÷ 1,000 = 0.60.
    // The fixture's stacks spend 2 s per 1,000 confirmed: 2 ms per checkout, 1.9× the transports'.
    expect(text).toContain(
      "| sync | 600/s | broke: accepted p99 140 ms > 100 ms at second 9 | 1,905/s: 1.05 ms CPU per checkout on 2 CPUs | 0.32 (below 0.5) | 1,000/s: gRPC unary 7,000/s ÷ 7 per checkout | 0.60 | 2 ms, 1.9× the transports' |",
    );
    // async: all hops: 3 × 0.03 + 5 × 0.05 + 3 × 0.05 + 3 × 0.1 = 0.79 ms, 2,532/s; 900 ÷ 2,532 = 0.36.
    // The slowest hop is consume, 4,000/s ÷ 5 = 800/s; 900 ÷ 800 = 1.13.
    expect(text).toContain(
      "| async | 900/s | held to the top of the ramp | 2,532/s: 0.79 ms CPU per checkout on 2 CPUs | 0.36 (below 0.5) | 800/s: JetStream consume 4,000/s ÷ 5 per checkout | 1.13 | 2 ms, 2.53× the transports' |",
    );
    expect(text).toContain('## Transport ceilings');
    expect(text).toContain(
      '| grpc-js unary call (handler does nothing) | 64 | 14,000 | 7,000/s | 6.9 ms | 17.6 ms | 0.15 ms |',
    );
    const slow = structuredClone(withCapacity);
    const slowSync = slow.scenarios
      .find((x) => x.name === 'email-outage')!
      .variants.find((v) => v.variant === 'sync')!;
    slowSync.ceiling = { ...slowSync.ceiling!, rate: 300 };
    // 300 ÷ 1,905/s = 0.16 of the machine bound.
    expect(printMarkdown(rejudge(slow as RunResult))).toContain('| 0.16 (below 0.5) |');
    // A scenario that repeats another with one setting changed is compared with it.
    const twice = structuredClone(withCapacity);
    const again = structuredClone(twice.scenarios.find((x) => x.name === 'email-outage')!);
    again.name = 'email-outage-2-payment';
    again.baseline = 'email-outage';
    const againSync = again.variants.find((v) => v.variant === 'sync')!;
    againSync.ceiling = { ...againSync.ceiling!, rate: 660 };
    twice.scenarios.push(again);
    const compared = printMarkdown(rejudge(twice as RunResult));
    expect(compared).toContain('| variant | ceiling | vs email-outage | where it broke |');
    expect(compared).toMatch(/\| sync \| 660\/s \| \+10 % \(600\/s\) \| broke: /);
    // Without a transport run the bound is unknown, not invented.
    const alone = structuredClone(withCapacity);
    delete alone.transport;
    expect(printMarkdown(rejudge(alone as RunResult))).toMatch(
      /\| sync \| 600\/s \| .* \| – \| – \| – \| – \| 2 ms \|/,
    );
    // A benchmark without CPU measures gives no machine bound either.
    const older = structuredClone(withCapacity);
    const { cpuMsPerOp: _measured, ...unmeasured } = TRANSPORT;
    older.transport = unmeasured;
    expect(printMarkdown(rejudge(older as RunResult))).toMatch(
      /\| – \| – \| 1,000\/s: gRPC unary 7,000\/s ÷ 7 per checkout \| 0\.60 \| 2 ms \|/,
    );
  });

  it('keeps markup from the data inert', () => {
    expect(markdown).not.toContain(HOSTILE);
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('&lt;/script>&lt;script>alert("pwned")&lt;/script>');
  });

  it('prints the same text for the same result', () => {
    expect(printMarkdown(structuredClone(runResult))).toBe(markdown);
  });
});

describe('a scenario of three repeats in report.md', () => {
  const markdown = printMarkdown(repeatedRun);

  it('passes on the median though one repeat alone would have failed', () => {
    expect(repeatedRun.scenarios[0]!.passed).toBe(true);
    expect(markdown).toContain('## seed-checkout: ✅ passed');
  });

  it('shows each threshold as the median beside its min, max and every repeat', () => {
    expect(markdown).toContain('### Thresholds over repeats');
    expect(markdown).toContain(
      '| async | accepted.p99 | 5.1 ms | 4.6 ms | 12.6 ms | 4.6 ms · 12.6 ms · 5.1 ms | 10 ms | ✅ |',
    );
  });

  it("says the article's figures are medians of the repeats", () => {
    expect(markdown).toContain(
      '| all seven steps in sequence (sync, completed p50) | 3.65 s | 3.68 s (median of 3) | +0.82 % | ✓ |',
    );
    expect(markdown).toContain(
      '| async accept (accepted p99) | milliseconds (&lt;10 ms) | 5.1 ms (median of 3) |',
    );
  });

  it('says what the verdict values are', () => {
    expect(markdown).toContain("Each value is the median over the variant's 3 repeats");
  });

  it("checks Little's law on each variant's median repeat, and says so, listing every repeat in the summary", () => {
    expect(markdown).toContain(
      "Charts and Little's law show each variant's median repeat by accepted.p99 of its 3 (sync #2, async #3, hybrid #2)",
    );
    expect(markdown.match(/^- async #\d: mean in flight/gm)).toEqual([
      '- async #3: mean in flight',
    ]);
    expect(markdown.match(/^\| async #\d \|.*\| kept \|$/gm)).toHaveLength(3);
  });
});
