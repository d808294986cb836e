import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  DependencyUnavailableError,
  InvalidPaymentError,
  cardBrand,
  type Card,
  type CardRef,
  type RedeemedCard,
} from '@lab/domain';
import { evalScript, luaScript, redisUnavailable } from './redis.js';
import { LEDGER_OPERATIONS, redisSpan } from './redis-span.js';

/** Random bytes in a token: 128 bits, so a token cannot be guessed. */
const TOKEN_BYTES = 16;

const keyOf = (token: string): string => `lab:vault:${token}`;

// KEYS: the token's hash. ARGV: number, expiry, cvc, ttl (ms).
const DEPOSIT = luaScript(`
redis.call('HSET', KEYS[1], 'number', ARGV[1], 'expiry', ARGV[2], 'cvc', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
`);

/** A card handed to the vault: its token now, and the write that keeps it. */
export interface CardDeposit {
  readonly ref: CardRef;
  /** Settles once the vault holds the card; rejects (dependency_unavailable) if it could not. */
  readonly stored: Promise<void>;
}

/**
 * The card vault: the only place a card number lives. It is a Redis of its
 * own that keeps nothing on disk (see `cardVault` in @lab/brokers), so no
 * append-only file, snapshot or broker store ever holds a card. The edge
 * exchanges each card for a token that expires after `ttlMs`; payment redeems
 * the token and, once the card was charged (or declined), forgets its CVC.
 */
export class CardVault {
  constructor(
    private readonly redis: Redis,
    /** How long a token can be redeemed: long enough for an async order to outwait an outage. */
    private readonly ttlMs: number,
  ) {}

  /**
   * Stores the card under a fresh token, with its expiry, in one step. The
   * token is known at once; `stored` settles when the vault has the card, so
   * a caller can go on (record the order) while the write is under way.
   */
  deposit(card: Card): CardDeposit {
    const token = `tok_${randomBytes(TOKEN_BYTES).toString('hex')}`;
    const key = keyOf(token);
    // One script, not MULTI/HSET/PEXPIRE/EXEC: an accept allocates and sends less.
    const stored = this.guard(() =>
      redisSpan(LEDGER_OPERATIONS.depositCard, () =>
        evalScript(
          this.redis,
          DEPOSIT,
          1,
          key,
          card.number,
          card.expiry,
          card.cvc,
          String(this.ttlMs),
        ),
      ),
    ).then(() => undefined);
    return { ref: { token, last4: card.number.slice(-4), brand: cardBrand(card.number) }, stored };
  }

  /** Stores the card and resolves with its token once the vault has it. */
  async tokenize(card: Card): Promise<CardRef> {
    const { ref, stored } = this.deposit(card);
    await stored;
    return ref;
  }

  /** The card a token stands for; a token that is unknown or has expired is refused. */
  async redeem(token: string): Promise<RedeemedCard> {
    const stored = await this.guard(() =>
      redisSpan(LEDGER_OPERATIONS.redeemCard, () => this.redis.hgetall(keyOf(token))),
    );
    if (!stored.number || !stored.expiry) {
      throw new InvalidPaymentError([
        { path: 'card.token', message: 'card token unknown or expired' },
      ]);
    }
    return {
      number: stored.number,
      expiry: stored.expiry,
      ...(stored.cvc ? { cvc: stored.cvc } : {}),
    };
  }

  /** The vault answers (a health check). */
  ping(): Promise<string> {
    return this.redis.ping();
  }

  /** A CVC may not be kept after authorization: the card stays (until its TTL), the CVC goes. */
  async forgetCvc(token: string): Promise<void> {
    await this.guard(() =>
      redisSpan(LEDGER_OPERATIONS.forgetCvc, () => this.redis.hdel(keyOf(token), 'cvc')),
    );
  }

  private async guard<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (!redisUnavailable(error)) throw error;
      throw new DependencyUnavailableError('card vault', (error as Error).message, {
        cause: error,
      });
    }
  }
}

/** The vault's Redis key of a token, for tests that look at what it holds. */
export const cardVaultKey = keyOf;
