import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@lab/config';
import { describe, expect, it } from 'vitest';
import { emptyState, type ProviderState } from './provider-state.js';
import { loadProviderState } from './state-journal.js';
import { StateFile } from './state-file.js';

/** A state file holding `text` (nothing when undefined). */
function fileWith(text?: string): StateFile<ProviderState> {
  const path = join(mkdtempSync(join(tmpdir(), 'provider-state-')), 'state.json');
  if (text !== undefined) writeFileSync(path, text);
  return new StateFile(path, emptyState);
}

describe('loadProviderState', () => {
  it('loads a saved state, and nothing when none was saved yet', async () => {
    const file = fileWith();
    expect(loadProviderState(file)).toBeUndefined();
    await file.save();
    expect(loadProviderState(file)).toEqual(emptyState());
  });

  it('stops start-up naming LAB_PROVIDER_STATE_FILE for a corrupt file', () => {
    const load = () => loadProviderState(fileWith('{"charges": {'));
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/LAB_PROVIDER_STATE_FILE .*state\.json.*not valid JSON/);
  });

  it('refuses a file of another shape, naming what is wrong', () => {
    const wrong = { ...emptyState(), charges: { ch_1: { id: 'ch_1' } } };
    expect(() => loadProviderState(fileWith('[]'))).toThrow(/LAB_PROVIDER_STATE_FILE.*JSON object/);
    expect(() => loadProviderState(fileWith(JSON.stringify(wrong)))).toThrow(
      /LAB_PROVIDER_STATE_FILE.*charges\.ch_1: not a charge/,
    );
    expect(() => loadProviderState(fileWith('{"endpoints": {}}'))).toThrow(/charges: must be/);
  });
});
