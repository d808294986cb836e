import { describe, expect, it } from 'vitest';
import { renderConfigurationDoc } from './configuration-doc.js';
import { SETTINGS } from './schema.js';

describe('renderConfigurationDoc', () => {
  const doc = renderConfigurationDoc();
  const rows = doc.split('\n').filter((line) => line.startsWith('| `'));

  it('has one row per setting, with its variable, path, default and doc', () => {
    expect(rows).toHaveLength(SETTINGS.length);
    expect(rows).toContain(
      '| `LAB_CHECKOUT_LEASE_MS` | `settlement.leaseMs` | `10000` | a sync or hybrid order whose edge stops renewing it (crashed, frozen) is compensated and failed after this |',
    );
    expect(rows).toContain(
      '| `LAB_SYNC_PAYMENT_ADDRESSES` | `stacks.sync.services.payment.addresses` | `127.0.0.1:8111` | sync payment replicas that clients balance over |',
    );
    expect(rows.find((r) => r.startsWith('| `LAB_CONTROL_TOKEN`'))).toContain('| (empty) |');
  });

  it("quotes the loader's own message for a bad value", () => {
    expect(doc).toContain(
      'LAB_SYNC_GATEWAY_PORT (stacks.sync.gatewayPort): expected a TCP port, an integer from 1 to 65535, got "abc"',
    );
  });

  it('groups the settings, each stack under its own heading', () => {
    const headings = doc.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toContain('## HTTP edges');
    expect(headings.slice(-3)).toEqual([
      '## The sync stack',
      '## The async stack',
      '## The hybrid stack',
    ]);
  });
});
