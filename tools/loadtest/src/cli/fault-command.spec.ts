import { describe, expect, it } from 'vitest';
import { UsageError } from './args.js';
import { FAULT_HELP, parseFaultArgs } from './fault-command.js';

describe('loadtest fault, link faults', () => {
  it("reads a link fault with its direction and parameters, the kind's default direction otherwise", () => {
    const latency = parseFaultArgs([
      '--target',
      'sync-gateway->sync-payment',
      '--kind',
      'latency',
      '--add-ms',
      '50',
      '--jitter-ms',
      '5',
      '--for',
      '10s',
    ]);
    expect(latency.request).toEqual({
      target: 'sync-gateway->sync-payment',
      kind: 'latency',
      durationMs: 10_000,
      direction: 'down',
      addMs: 50,
      jitterMs: 5,
    });
    const bandwidth = parseFaultArgs([
      '--target=hybrid',
      '--kind=bandwidth',
      '--rate-kbps=20',
      '--direction=both',
      '--for=2s',
    ]);
    expect(bandwidth.request).toMatchObject({ kind: 'bandwidth', rateKBps: 20, direction: 'both' });
  });

  it('names the flag that is missing or does not belong', () => {
    const run =
      (...args: string[]) =>
      () =>
        parseFaultArgs(['--target', 'sync', '--for', '1s', ...args]);
    expect(run('--kind', 'bandwidth')).toThrow(
      new UsageError('--kind bandwidth: bandwidth needs --rate-kbps'),
    );
    expect(run('--kind', 'reset', '--add-ms', '5')).toThrow('reset takes no --add-ms');
    expect(run('--kind', 'lost-reply', '--direction', 'up')).toThrow(
      'lost-reply takes --direction down, got "up"',
    );
  });

  it('lists the link kinds and how a link is named', () => {
    expect(FAULT_HELP).toMatch(/latency +each chunk on the link delayed/);
    expect(FAULT_HELP).toMatch(/partition /);
    expect(FAULT_HELP).toMatch(/client->server/);
  });
});
