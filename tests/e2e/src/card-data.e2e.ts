import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '@lab/brokers';
import { TEST_CARDS, VARIANTS } from '@lab/domain';
import { checkoutBody, post, startLab, waitForSettled, type Lab } from './support.js';

/**
 * After a run of accepted, declined and invalid checkouts, nothing of a card
 * (number, CVC) is in the main Redis append-only file, the JetStream store or
 * any process's output; the tokens and last four digits are, which proves
 * the search looked where the data went.
 */

/** Luhn-valid, far in the past: tokenized, then refused by payment. */
const EXPIRED = { number: '5555555555554444', expiry: '01/20', cvc: '5511' };
/** Fails Luhn: tokenized, then refused by payment. */
const BAD_LUHN = { number: '4242424242424241', expiry: '12/30', cvc: '4121' };
/** An expiry that is not MM/YY: refused at the edge, never tokenized. */
const BAD_FORMAT = { number: '378282246310005', expiry: '13/30', cvc: '3782' };
const ACCEPTED = { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '4242' };
const DECLINED = { number: TEST_CARDS.declined, expiry: '12/30', cvc: '2002' };
const NUMBERS = [ACCEPTED, DECLINED, EXPIRED, BAD_LUHN, BAD_FORMAT].map((c) => c.number);
/** A field named cvc, in JSON or in Redis's protocol (the AOF); in a log line, the word at all. */
const CVC_FIELD = /"cvc"|\$3\r\ncvc\r\n/i;
// A word of its own: a NATS server's random id ("…HTCVCVD…") holds the letters too.
const CVC_WORD = /\bcvc\b/i;

/** Every file under `dir`, with its bytes (binary stores are searched as bytes). */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

/** Where `needle` occurs in these files, as `file: …context…`; none when it does not. */
function occurrences(files: { path: string; bytes: Buffer }[], needle: string | RegExp): string[] {
  return files.flatMap(({ path, bytes }) => {
    // latin1 maps each byte to one character, so a binary file is searched byte for byte.
    const text = bytes.toString('latin1');
    const at = typeof needle === 'string' ? text.indexOf(needle) : text.search(needle);
    return at < 0
      ? []
      : [`${path}: …${JSON.stringify(text.slice(Math.max(0, at - 40), at + 60))}…`];
  });
}

describe.each(VARIANTS)('card data at rest, %s stack', (kind) => {
  let lab: Lab;
  const output: string[] = [];
  const orders: { id: string; last4: string; charged: boolean }[] = [];

  beforeAll(async () => {
    lab = await startLab(
      kind,
      { LAB_LOG_LEVEL: 'debug', LAB_OUTBOX_MIN_AGE_MS: 200, LAB_OUTBOX_RELAY_MS: 100 },
      { onOutput: (source, line) => output.push(`${source}: ${line}`) },
    );
  }, 60_000);

  afterAll(async () => {
    await lab?.stop();
  }, 60_000);

  it('keeps card numbers and CVCs out of the AOF, the JetStream store and every log', async () => {
    const edge = `${lab.stack.url}/checkout`;
    // The async edge accepts every well-formed order; payment refuses the card later.
    const statusOf = (syncStatus: number) => (kind === 'async' ? 202 : syncStatus);
    for (const [card, status, charged] of [
      [ACCEPTED, 200, true],
      [ACCEPTED, 200, true],
      [DECLINED, 402, false],
      [EXPIRED, 422, false],
      [BAD_LUHN, 422, false],
    ] as const) {
      const answer = await post(edge, checkoutBody({ card }));
      expect(answer.status, JSON.stringify(answer.body)).toBe(statusOf(status));
      orders.push({ id: answer.body.orderId as string, last4: card.number.slice(-4), charged });
    }
    const refused = await post(edge, checkoutBody({ card: BAD_FORMAT }));
    expect(refused.status).toBe(400);
    await waitForSettled(
      lab,
      orders.map((o) => o.id),
    );
    for (const o of orders) {
      const record = (await lab.store.get(o.id))!;
      expect(record.status).toBe(o.charged ? 'confirmed' : 'failed');
      expect(record.card?.last4).toBe(o.last4);
    }
    const tokens = await Promise.all(
      orders.map(async (o) => (await lab.store.get(o.id))!.card!.token),
    );

    const redisDir = lab.brokers.redis!.options.dataDir;
    const natsDir = lab.brokers.nats!.storeDir;
    const aof = () => filesUnder(join(redisDir, 'appendonlydir'));
    const jetstream = () => filesUnder(natsDir);
    // What is written ends up in the files soon; wait for the last of it, then search.
    await waitUntil(async () => occurrences(aof(), tokens.at(-1)!).length > 0, {
      timeoutMs: 10_000,
      what: 'the last order in the AOF',
    });
    const streamed = kind === 'sync' ? [] : orders.filter((o) => kind === 'async' || o.charged);
    await waitUntil(async () => streamed.every((o) => occurrences(jetstream(), o.id).length > 0), {
      timeoutMs: 10_000,
      what: 'the orders in the JetStream store',
    });

    const stores = {
      aof: aof(),
      jetstream: jetstream(),
      everything: filesUnder(lab.brokers.dataDir),
    };
    expect(stores.aof.length).toBeGreaterThan(0);
    for (const number of NUMBERS) {
      expect(occurrences(stores.everything, number), number).toEqual([]);
      expect(
        output.filter((l) => l.includes(number)),
        number,
      ).toEqual([]);
    }
    expect(occurrences(stores.everything, CVC_FIELD)).toEqual([]);
    expect(output.filter((l) => CVC_WORD.test(l))).toEqual([]);
    // Nothing of the vault is on disk at all.
    expect(filesUnder(lab.brokers.vault!.options.dataDir)).toEqual([]);

    // What the shop keeps instead: the token and the last four digits.
    for (const [i, o] of orders.entries()) {
      expect(occurrences(stores.aof, tokens[i]!)).not.toEqual([]);
      expect(
        occurrences(stores.aof, new RegExp(`cardLast4\\r\\n\\$4\\r\\n${o.last4}`)),
      ).not.toEqual([]);
    }
    if (kind === 'async') {
      for (const [i, o] of orders.entries()) {
        expect(occurrences(stores.jetstream, tokens[i]!)).not.toEqual([]);
        expect(occurrences(stores.jetstream, `"last4":"${o.last4}"`)).not.toEqual([]);
      }
    }
    // The output was captured: every app said it was ready.
    for (const name of lab.stack.apps.keys())
      expect(output.some((l) => l.startsWith(`${name}: `) && l.includes('ready'))).toBe(true);
  }, 90_000);

  it('refuses a checkout with 503 while the vault is down, and leaves no order unsettled', async () => {
    const before = new Set(await lab.store.ids());
    await lab.brokers.vault!.stop();
    let answer;
    try {
      answer = await post(`${lab.stack.url}/checkout`, checkoutBody({ card: ACCEPTED }));
    } finally {
      await lab.brokers.vault!.start();
    }
    expect(answer.status, JSON.stringify(answer.body)).toBe(503);
    expect(answer.body.error).toBe('dependency_unavailable');
    const fresh = (await lab.store.ids()).filter((id) => !before.has(id));
    await waitForSettled(lab, fresh);
    for (const id of fresh) {
      expect(await lab.store.get(id)).toMatchObject({ status: 'failed' });
      expect(await lab.ledger.countsOf(id)).toEqual({});
    }
  }, 30_000);
});
