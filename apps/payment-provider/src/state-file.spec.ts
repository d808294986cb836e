import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateFile } from './state-file.js';

describe('StateFile', () => {
  it('saves what the state is at write time, and loads it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    const state = { n: 0 };
    const file = new StateFile(join(dir, 'sub', 'state.json'), () => state);
    expect(file.load()).toBeUndefined();
    state.n = 1;
    await file.save();
    expect(new StateFile(file.path, () => state).load()).toEqual({ n: 1 });
  });

  it('lets a burst of saves share writes, each resolving once its change is on disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    const state = { n: 0 };
    const file = new StateFile(join(dir, 'state.json'), () => ({ ...state }));
    const saves: Promise<void>[] = [];
    for (let i = 1; i <= 20; i++) {
      state.n = i;
      saves.push(file.save());
    }
    await Promise.all(saves);
    expect(file.load()).toEqual({ n: 20 });
    expect(readdirSync(dir)).toEqual(['state.json']);
  });
});
