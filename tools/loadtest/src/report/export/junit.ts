/** The run's thresholds and promises as JUnit XML: one suite per scenario, one case per judgement. */
import type { RunResult, ScenarioResult } from '../../result/index.js';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const xml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

interface Case {
  readonly name: string;
  readonly failure?: string;
}

function casesOf(s: ScenarioResult): Case[] {
  const thresholds = s.thresholds.map((t): Case => ({
    name: `${t.variant} ${t.metric} ≤ ${t.max}`,
    ...(t.passed ? {} : { failure: `${t.variant} ${t.metric} was ${t.value}, over ${t.max}` }),
  }));
  const promises: Case = {
    name: 'promises kept (nothing lost, no duplicate effect, no orphan charge)',
    ...(s.promises.kept ? {} : { failure: 'a promise broke: see report.md' }),
  };
  return [...thresholds, promises];
}

function suite(s: ScenarioResult): string {
  const cases = casesOf(s);
  const failures = cases.filter((c) => c.failure).length;
  const body = cases.map((c) => {
    const open = `    <testcase classname="${xml(s.name)}" name="${xml(c.name)}"`;
    return c.failure
      ? `${open}>\n      <failure message="${xml(c.failure)}"/>\n    </testcase>`
      : `${open}/>`;
  });
  return [
    `  <testsuite name="${xml(s.name)}" tests="${cases.length}" failures="${failures}">`,
    ...body,
    '  </testsuite>',
  ].join('\n');
}

export function junitXml(result: RunResult): string {
  const suites = result.scenarios.map(suite);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="loadtest ${xml(result.runId)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
