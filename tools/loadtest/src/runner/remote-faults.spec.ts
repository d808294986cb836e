import { describe, expect, it } from 'vitest';
import { loadConfig } from '@lab/config';
import { controlUrlFor, remoteFaults } from './remote-faults.js';

describe('faults through the control endpoints', () => {
  it('finds the control endpoint that owns a target, and explains a bad name', () => {
    const config = loadConfig({}, { workspaceRoot: '/' });
    expect(controlUrlFor('redis', config)).toBe('http://127.0.0.1:8400');
    expect(controlUrlFor('async-notification', config)).toBe('http://127.0.0.1:8200');
    expect(() => controlUrlFor('mailer', config)).toThrow(/<stack>-<service>/);
  });

  it("sends a link fault to the supervisor of its stack's links", () => {
    const config = loadConfig({}, { workspaceRoot: '/' });
    expect(controlUrlFor('sync-gateway->sync-payment', config, true)).toBe('http://127.0.0.1:8100');
    expect(controlUrlFor('hybrid-*->redis', config, true)).toBe('http://127.0.0.1:8300');
    expect(controlUrlFor('async', config, true)).toBe('http://127.0.0.1:8200');
    expect(() => controlUrlFor('redis', config, true)).toThrow(
      /a link fault names the links of a stack/,
    );
  });

  it('needs the token the stacks were started with', () => {
    const config = loadConfig({}, { workspaceRoot: '/' });
    expect(() => remoteFaults(config)).toThrow(/LAB_CONTROL_TOKEN is not set/);
    expect(
      remoteFaults(loadConfig({ LAB_CONTROL_TOKEN: 'x'.repeat(32) }, { workspaceRoot: '/' })),
    ).toMatchObject({
      inject: expect.any(Function),
    });
  });
});
