import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import {
  CARD_TOKEN_PATTERN,
  DependencyUnavailableError,
  InvalidPaymentError,
  TEST_CARDS,
} from '@lab/domain';
import { CardVault, cardVaultKey } from './card-vault.js';
import { createRedis } from './redis.js';

const TTL_MS = 60_000;
const card = { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '123' };

let brokers: Brokers;
let redis: Redis;
let vault: CardVault;

beforeAll(async () => {
  brokers = await startBrokers({ nats: false, redis: false, vault: true });
  redis = new Redis(brokers.vault!.url);
  vault = new CardVault(redis, TTL_MS);
});
afterAll(async () => {
  redis?.disconnect();
  await brokers?.stop();
});

describe('CardVault', () => {
  it('exchanges a card for a fresh token that expires after its TTL', async () => {
    const ref = await vault.tokenize(card);
    expect(ref).toEqual({
      token: expect.stringMatching(CARD_TOKEN_PATTERN),
      last4: '4242',
      brand: 'visa',
    });
    expect((await vault.tokenize(card)).token).not.toBe(ref.token);
    const ttl = await redis.pttl(cardVaultKey(ref.token));
    expect(ttl).toBeGreaterThan(TTL_MS - 5_000);
    expect(ttl).toBeLessThanOrEqual(TTL_MS);
  });

  it('redeems a token for the card it stands for, as often as asked', async () => {
    const { token } = await vault.tokenize(card);
    expect(await vault.redeem(token)).toEqual(card);
    expect(await vault.redeem(token)).toEqual(card);
  });

  it('forgets the CVC and keeps the rest of the card', async () => {
    const { token } = await vault.tokenize(card);
    await vault.forgetCvc(token);
    expect(await vault.redeem(token)).toEqual({ number: card.number, expiry: card.expiry });
    expect(await redis.hkeys(cardVaultKey(token))).toEqual(['number', 'expiry']);
    await vault.forgetCvc(token);
    expect(await vault.redeem(token)).toEqual({ number: card.number, expiry: card.expiry });
  });

  it('refuses a token it does not know, or one that has expired', async () => {
    const unknown = `tok_${'0'.repeat(32)}`;
    await expect(vault.redeem(unknown)).rejects.toBeInstanceOf(InvalidPaymentError);
    await expect(vault.redeem(unknown)).rejects.toThrow('card token unknown or expired');
    const { token } = await new CardVault(redis, 50).tokenize(card);
    await waitUntil(async () => (await redis.exists(cardVaultKey(token))) === 0, {
      timeoutMs: 5_000,
      what: 'the token to expire',
    });
    await expect(vault.redeem(token)).rejects.toThrow('card token unknown or expired');
  });

  it('answers dependency_unavailable at once when the vault is down', async () => {
    const down = createRedis([`redis://127.0.0.1:1`], 'request-path', 'vault-test');
    try {
      await expect(new CardVault(down, TTL_MS).tokenize(card)).rejects.toBeInstanceOf(
        DependencyUnavailableError,
      );
    } finally {
      down.disconnect();
    }
  });
});
