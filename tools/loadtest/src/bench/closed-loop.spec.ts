import { describe, expect, it } from 'vitest';
import { batch, closedLoop, cpuMeter } from './closed-loop.js';

describe('the transport benchmark’s measures', () => {
  it('runs an operation from many loops, timing each, with the CPU it cost', async () => {
    let calls = 0;
    const m = await closedLoop(
      'nats-request',
      4,
      0.2,
      cpuMeter(() => []),
      async () => {
        calls++;
        await new Promise((r) => setImmediate(r));
      },
    );
    expect(m).toMatchObject({ primitive: 'nats-request', concurrency: 4 });
    // The warm-up's calls are not counted.
    expect(m.ops).toBeGreaterThan(0);
    expect(m.ops).toBeLessThan(calls);
    expect(m.rate).toBeCloseTo(m.ops / m.seconds, 6);
    expect(m.p50Ms).not.toBeNull();
    expect(m.cpuMsPerOp).toBeGreaterThan(0);
  });

  it('times a batch as a whole: no per-operation latency', () => {
    expect(batch('bullmq-process', 256, 1000, 500, 0.25)).toEqual({
      primitive: 'bullmq-process',
      concurrency: 256,
      ops: 1000,
      seconds: 0.5,
      rate: 2000,
      p50Ms: null,
      p99Ms: null,
      cpuMsPerOp: 0.25,
    });
    expect(batch('bullmq-process', 256, 0, 500, 0).cpuMsPerOp).toBeNull();
  });

  it("counts this process's CPU, and a process that is gone as none", () => {
    const cpu = cpuMeter(() => [undefined, 2 ** 22 + 1]);
    const before = cpu();
    for (let i = 0; i < 1e6; i++) Math.sqrt(i);
    expect(cpu()).toBeGreaterThanOrEqual(before);
  });
});
