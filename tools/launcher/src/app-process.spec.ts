import { loadConfig } from '@lab/config';
import { describe, expect, it } from 'vitest';
import { compileCacheEnv, nodeFlags } from './app-process.js';

describe("an app's Node flags", () => {
  it('give every app a small young generation by default, and none with 0', () => {
    expect(nodeFlags(loadConfig({}, { workspaceRoot: '/' }))).toEqual(['--max-semi-space-size=2']);
    expect(nodeFlags(loadConfig({ LAB_NODE_SEMI_SPACE_MB: '0' }, { workspaceRoot: '/' }))).toEqual(
      [],
    );
  });

  it('add a CPU profile when asked for one', () => {
    expect(
      nodeFlags(loadConfig({ LAB_NODE_SEMI_SPACE_MB: '8' }, { workspaceRoot: '/' }), '/p'),
    ).toEqual(['--cpu-prof', '--cpu-prof-dir=/p', '--max-semi-space-size=8']);
  });

  it("share one compile cache under the workspace's node_modules", () => {
    expect(compileCacheEnv('/w')).toEqual({
      NODE_COMPILE_CACHE: '/w/node_modules/.cache/node-compile',
    });
  });
});
