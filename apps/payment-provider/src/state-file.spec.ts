import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
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

  it('lets the saves after a failed write try again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-file-'));
    const path = join(dir, 'state.json');
    mkdirSync(path); // a folder where the file goes: the rename fails
    const state = { n: 1 };
    let queued: Promise<void> | undefined;
    // A save asked for while the failing write runs waits for it.
    const file: StateFile<typeof state> = new StateFile(
      path,
      () => ((queued ??= file.save()), state),
    );
    await expect(file.save()).rejects.toThrow();
    await expect(queued).rejects.toThrow();
    rmSync(path, { recursive: true });
    state.n = 2;
    await file.save();
    expect(file.load()).toEqual({ n: 2 });
  });
});
