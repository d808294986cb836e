import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@lab/config';
import { describe, expect, it } from 'vitest';
import { emptyState, type ChargeRecord } from './provider-state.js';
import { StateFile } from './state-file.js';
import { StateJournal, journalPath, loadProviderState } from './state-journal.js';

const charge = (id: string, status: ChargeRecord['status'] = 'pending'): ChargeRecord => ({
  id,
  account: 'sync',
  orderId: `order-${id}`,
  amountCents: 1200,
  currency: 'EUR',
  last4: '4242',
  status,
  idempotencyKey: `key-${id}`,
  createdAt: 1,
  settleAt: 2,
  approved: true,
});

/** A provider's state on disk, journaled as main.ts sets it up. */
async function journaled(compactBytes?: number) {
  const path = join(mkdtempSync(join(tmpdir(), 'provider-journal-')), 'state.json');
  const state = emptyState();
  const file = new StateFile(path, () => state);
  const journal = new StateJournal(file, () => state, compactBytes);
  await journal.open();
  return { path, state, file, journal };
}

describe('StateJournal', () => {
  it('makes each change durable on its own, and a restart finds the state as saved', async () => {
    const { state, file, journal } = await journaled();
    state.endpoints.sync = 'http://127.0.0.1:1/webhooks';
    state.charges.ch_1 = charge('ch_1');
    state.keys['sync|key-ch_1'] = 'ch_1';
    await journal.save(['endpoints', 'sync'], ['charges', 'ch_1'], ['keys', 'sync|key-ch_1']);
    state.charges.ch_1 = charge('ch_1', 'succeeded');
    state.deliveries.evt_1 = {
      key: 'evt_1',
      event: { id: 'evt_1', type: 'charge.succeeded', created: 3, charge: state.charges.ch_1 },
      attempts: 0,
      nextAt: 3,
      repeat: false,
    };
    await journal.save(['charges', 'ch_1'], ['deliveries', 'evt_1']);
    delete state.deliveries.evt_1;
    state.stats.delivered++;
    await journal.save(['deliveries', 'evt_1'], 'stats');
    await journal.close();
    // Only the snapshot taken at open (empty) is whole: the rest is the journal.
    expect(JSON.parse(readFileSync(file.path, 'utf8'))).toEqual(emptyState());
    expect(loadProviderState(file)).toEqual(state);
  });

  it('appends only the records a save names, however large the state', async () => {
    const { path, state, journal } = await journaled();
    for (let i = 0; i < 2000; i++) state.charges[`ch_${i}`] = charge(`ch_${i}`);
    await journal.save(['charges', 'ch_7']);
    const size = statSync(journalPath(path)).size;
    await journal.save(['charges', 'ch_8']);
    expect(statSync(journalPath(path)).size - size).toBe(size);
    await journal.close();
  });

  it('lets a burst of saves share writes, every one resolved once on disk', async () => {
    const { state, file, journal } = await journaled();
    const saves = Array.from({ length: 50 }, (_, i) => {
      state.charges[`ch_${i}`] = charge(`ch_${i}`);
      return journal.save(['charges', `ch_${i}`]);
    });
    await Promise.all(saves);
    expect(Object.keys(loadProviderState(file)!.charges)).toHaveLength(50);
    await journal.close();
  });

  it('folds the journal into the snapshot past its size limit, and starts it empty', async () => {
    const { path, state, file, journal } = await journaled(1_000);
    for (let i = 0; i < 10; i++) {
      state.charges[`ch_${i}`] = charge(`ch_${i}`);
      await journal.save(['charges', `ch_${i}`]);
    }
    await journal.close();
    expect(statSync(journalPath(path)).size).toBeLessThan(1_000);
    expect(Object.keys(JSON.parse(readFileSync(path, 'utf8')).charges).length).toBeGreaterThan(0);
    expect(loadProviderState(file)).toEqual(state);
  });

  it('drops a last line cut short by a crash: its save never answered', async () => {
    const { path, state, file, journal } = await journaled();
    state.charges.ch_1 = charge('ch_1');
    await journal.save(['charges', 'ch_1']);
    await journal.close();
    appendFileSync(journalPath(path), '{"t":"charges","k":"ch_2","v":{"id":"ch_2"');
    expect(loadProviderState(file)).toEqual(state);
  });

  it('stops start-up naming the setting for a journal that is not the provider’s', async () => {
    const { path, file, journal } = await journaled();
    await journal.close();
    appendFileSync(
      journalPath(path),
      'garbage\n{"t":"stats","v":{"delivered":0,"failedAttempts":0}}\n',
    );
    expect(() => loadProviderState(file)).toThrow(ConfigError);
    expect(() => loadProviderState(file)).toThrow(
      /LAB_PROVIDER_STATE_FILE .*state\.json\.journal.*journal line 1: not JSON/,
    );
  });
});
