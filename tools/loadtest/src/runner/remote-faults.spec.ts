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
