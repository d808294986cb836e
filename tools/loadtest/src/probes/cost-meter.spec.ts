import { describe, expect, it } from 'vitest';
import { CostMeter } from './cost-meter.js';

describe('CostMeter', () => {
  it("charges each of the variants driven at once its share of the tool's CPU", () => {
    const alone = new CostMeter(() => []);
    const shared = new CostMeter(() => [], 3);
    // Spend 50 ms of CPU (not of wall time: the machine may be busy), well above the clock's resolution.
    const from = process.cpuUsage();
    const spent = () => {
      const d = process.cpuUsage(from);
      return (d.user + d.system) / 1e3;
    };
    while (spent() < 50);
    const whole = alone
      .end()(1000)
      .processes.find((p) => p.role === 'tool')!.cpuS;
    const third = shared
      .end()(1000)
      .processes.find((p) => p.role === 'tool')!.cpuS;
    expect(whole).toBeGreaterThan(0.04);
    // Read a moment apart: the share is a third of the whole, give or take that moment.
    expect(third).toBeGreaterThan((whole / 3) * 0.9);
    expect(third).toBeLessThan((whole / 3) * 1.1);
  });
});
