import { describe, expect, it } from 'vitest';
import { runResult } from '../../testing/run-result.js';
import { scenarioNamed } from '../../testing/variations.js';
import { faultLine, faultRunRows, faultSpan, recoveryRule, recoveryText } from './fault-text.js';

const outage = scenarioNamed(runResult, 'email-outage');

describe('faults in words', () => {
  it('places a fault where it ran, else where it was planned', () => {
    const [crash, down] = outage.faults;
    expect(faultSpan(crash!)).toEqual({ from: 8.1, to: 13.2, executed: true });
    expect(faultSpan(down!)).toEqual({ from: 15, to: 18, executed: false });
    expect(faultLine(crash!)).toBe(
      'crash on notification, planned 8–13 s, applied 8.1–13.2 s: SIGKILL at 8.1 s, restarted at 13.2 s',
    );
  });

  it('gives each variant’s fault as it ran, and its recovery or why there was none', () => {
    const rows = faultRunRows(outage);
    expect(rows.map((r) => [r.label, r.back, r.recovery, r.unrecovered])).toEqual([
      ['sync', '300 ms', '1.2 s', false],
      ['async', '300 ms', '4.6 s', false],
      ['hybrid', '300 ms', 'none: not back to normal by the end of the run', true],
    ]);
    expect(recoveryText({ ...outage.faults[1]! })).toBe('–');
  });

  it('says how recovery is judged, from the limits the variants ran under', () => {
    expect(recoveryRule(outage)).toContain('(sync accepted ≤ 7.3 s, completed ≤ 7.3 s;');
    expect(recoveryRule(scenarioNamed(runResult, 'seed-checkout'))).toBeNull();
  });
});
