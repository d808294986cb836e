/**
 * The capacity ramps of the default suite (quick), with the transport
 * benchmark they are stated against, run by the load tool against real
 * brokers and stacks; and the same ramp with two payment processes.
 */
import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { printMarkdown, runSuite, type RunResult } from '@lab/loadtest';

let result: RunResult;

beforeAll(async () => {
  result = await runSuite({
    quick: true,
    scenarios: ['capacity', 'capacity-2-payment'],
    variants: ['sync', 'async'],
    repeat: 1,
    seed: 1,
    catalogSize: 100,
  });
}, 240_000);

const scenario = (name: string) => result.scenarios.find((s) => s.name === name)!;

describe('capacity (quick) against real stacks', () => {
  it('measures every transport primitive on the run’s brokers first', () => {
    const t = result.transport!;
    expect(t).toBeDefined();
    expect(t.measures.map((m) => `${m.primitive}×${m.concurrency}`)).toEqual([
      'grpc-unary×1',
      'grpc-unary×16',
      'grpc-unary×64',
      'nats-request×64',
      'jetstream-publish×64',
      'jetstream-consume×256',
      'bullmq-add×64',
      'bullmq-process×256',
    ]);
    for (const m of t.measures) {
      expect(m.ops, m.primitive).toBeGreaterThan(0);
      expect(m.rate, m.primitive).toBeCloseTo(m.ops / m.seconds, 6);
      // The CPU an operation costs (tool, peer, brokers): at most what the machine's CPUs
      // could spend in the measure's time, over its operations.
      expect(m.cpuMsPerOp, m.primitive).toBeGreaterThan(0);
      expect(m.cpuMsPerOp!, m.primitive).toBeLessThanOrEqual(
        ((t.cpus! * m.seconds * 1000) / m.ops) * 1.1,
      );
    }
    expect(t.cpus).toBe(availableParallelism());
    // The ceiling of a primitive is its best concurrency.
    expect(t.ceilings['grpc-unary']).toBe(
      Math.max(...t.measures.filter((m) => m.primitive === 'grpc-unary').map((m) => m.rate)),
    );
  });

  it('finds a ceiling for every variant and keeps every promise', () => {
    for (const s of [scenario('capacity'), scenario('capacity-2-payment')]) {
      for (const v of s.variants) {
        const c = v.ceiling!;
        expect(c, `${s.name} ${v.variant}`).toBeDefined();
        // Held, or broke at a steady second of the run, saying why.
        expect(c.why).toMatch(c.brokeAtS === null ? /held to the top/ : / at second \d+$/);
        expect(c.rate).toBeLessThanOrEqual(Math.max(...v.timeline.map((p) => p.achieved)));
        expect(v.drained).toBe(true);
        expect(v.accounting).toMatchObject({ lost: 0, duplicateEffects: 0, orphanCharges: 0 });
        expect(v.cost?.cpuSPer1000.total).toBeGreaterThan(0);
      }
    }
  });

  it('runs two payment processes in the second ramp, each of them busy', () => {
    for (const v of scenario('capacity-2-payment').variants) {
      const payments = v.cost!.processes.filter((p) => p.name.startsWith(`${v.variant}-payment`));
      expect(payments.map((p) => p.name).sort()).toEqual([
        `${v.variant}-payment`,
        `${v.variant}-payment-2`,
      ]);
      // Both did work: CPU well above an idle process's.
      for (const p of payments) expect(p.cpuS, p.name).toBeGreaterThan(0.05);
    }
    expect(
      scenario('capacity')
        .variants[0]!.cost!.processes.filter((p) => p.name.includes('payment'))
        .map((p) => p.name),
    ).toEqual(['sync-payment']);
  });

  it('states each ceiling against the transport bound and the one-replica ramp', () => {
    const md = printMarkdown(result);
    expect(md).toContain('## Transport ceilings');
    expect(md).toMatch(
      /\| sync \| (< )?[\d,.]+\/s \| .* \| [\d,.]+\/s: gRPC unary [\d,.]+\/s ÷ 7 per checkout \| (< )?\d+\.\d\d/,
    );
    expect(md).toMatch(
      /\| async \| (< )?[\d,.]+\/s \| .* \| [\d,.]+\/s: (JetStream|BullMQ) \w+ [\d,.]+\/s ÷ \d per checkout \| (< )?\d+\.\d\d/,
    );
    // Every hop on the machine's CPUs and the ratio to it (the target's), the slowest hop and
    // its ratio, and the stack's own CPU.
    for (const v of ['sync', 'async'])
      expect(md).toMatch(
        new RegExp(
          `\\| ${v} \\| .* \\| [\\d,.]+/s: [\\d.]+ ms CPU per checkout on \\d+ CPUs \\| (< )?\\d+\\.\\d\\d( \\(below 0\\.5\\))? \\| [\\d,.]+/s: .* per checkout \\| (< )?\\d+\\.\\d\\d \\| [\\d.]+ m?s, [\\d.]+× the transports' \\|`,
        ),
      );
    expect(md).toContain('| variant | ceiling | vs capacity | where it broke |');
  });
});
