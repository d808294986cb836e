import { CARD_BRANDS, CARD_TOKEN_PATTERN, type CardRef } from './card.js';
import { CURRENCIES, SKU_PATTERN, type CatalogItem, type LineItem } from './catalog.js';
import { ValidationError, type FieldIssue } from './errors.js';
import {
  EMAIL_PATTERN,
  ID_PATTERN,
  IDEMPOTENCY_KEY_PATTERN,
  LAST4_PATTERN,
  MAX_ORDER_CENTS,
  REQUEST_LIMITS,
  TEXT_PATTERN,
} from './limits.js';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Proto3 sends an unset string as "", an unset message as null: all of them mean absent. */
function absent(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Reads the fields of one message and checks each against the shop's rules,
 * collecting every problem (not only the first) with the path of the field,
 * so that a caller fixes its message in one round. `done` throws a
 * ValidationError listing them all. The messages never quote a value.
 */
export class FieldChecker {
  private readonly record: Record<string, unknown>;
  /** Not an object at all: that one issue says it, its fields add nothing. */
  private readonly whole: boolean;

  constructor(
    value: unknown,
    private readonly prefix = '',
    readonly issues: FieldIssue[] = [],
  ) {
    this.whole = isRecord(value);
    this.record = isRecord(value) ? value : {};
    if (!this.whole) this.fail('', 'must be an object');
  }

  path(field: string): string {
    if (!this.prefix) return field;
    return field ? `${this.prefix}.${field}` : this.prefix;
  }

  fail(field: string, message: string): undefined {
    if (this.whole || field === '') this.issues.push({ path: this.path(field), message });
    return undefined;
  }

  has(field: string): boolean {
    return !absent(this.record[field]);
  }

  raw(field: string): unknown {
    return this.record[field];
  }

  /** A string of `min` to `max` characters matching `pattern`, described by `what` when not. */
  text(field: string, max: number, pattern: RegExp, what: string): string {
    const value = this.record[field];
    if (typeof value !== 'string') return this.fail(field, 'must be a string') as never;
    if (value.length === 0 || value.length > max)
      return this.fail(field, `must be 1 to ${max} characters`) as never;
    if (!pattern.test(value)) return this.fail(field, what) as never;
    return value;
  }

  id(field: string, max: number = REQUEST_LIMITS.maxIdLength): string {
    return this.text(field, max, ID_PATTERN, 'may hold only letters, digits and ._:-');
  }

  /** An id that may be left out; `{}` when it is, so it spreads into the result. */
  optionalId<K extends string>(field: K): { [P in K]?: string } {
    return this.has(field) ? ({ [field]: this.id(field) } as { [P in K]: string }) : {};
  }

  optionalText<K extends string>(field: K, max: number): { [P in K]?: string } {
    if (!this.has(field)) return {};
    return { [field]: this.text(field, max, TEXT_PATTERN, 'may not hold control characters') } as {
      [P in K]: string;
    };
  }

  email(field: string): string {
    const value = this.record[field];
    if (typeof value !== 'string') return this.fail(field, 'must be a string') as never;
    if (value.length > REQUEST_LIMITS.maxEmailLength || !EMAIL_PATTERN.test(value))
      return this.fail(field, 'must be an email address') as never;
    return value;
  }

  idempotencyKey(field: string): string {
    return this.text(
      field,
      REQUEST_LIMITS.maxIdempotencyKeyLength,
      IDEMPOTENCY_KEY_PATTERN,
      'may hold only printable ASCII characters',
    );
  }

  integer(field: string, min: number, max: number): number {
    const value = this.record[field];
    if (typeof value !== 'number' || !Number.isInteger(value))
      return this.fail(field, 'must be an integer') as never;
    if (value < min || value > max)
      return this.fail(field, `must be from ${min} to ${max}`) as never;
    return value;
  }

  /** An amount of money in cents: at least one, at most the largest order there can be. */
  amount(field: string): number {
    return this.integer(field, 1, MAX_ORDER_CENTS);
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.record[field];
    if (typeof value !== 'string' || !allowed.includes(value as T))
      return this.fail(field, `must be one of ${allowed.join(', ')}`) as never;
    return value as T;
  }

  currency(field: string): string {
    return this.oneOf(field, CURRENCIES);
  }

  /**
   * Order lines: 1 to maxItems, each a known SKU and 1 to maxQuantity units.
   * With a catalog, a SKU must be in it; without one (a service does not hold
   * the catalog), it must have the catalog's format.
   */
  items(field: string, catalog?: ReadonlyMap<string, CatalogItem>): LineItem[] {
    const value = this.record[field];
    const { maxItems, maxQuantity } = REQUEST_LIMITS;
    if (!Array.isArray(value)) return this.fail(field, 'must be an array') as never;
    if (value.length === 0 || value.length > maxItems)
      return this.fail(field, `must hold 1 to ${maxItems} items`) as never;
    return value.map((item: unknown, i) => {
      const line = new FieldChecker(item, this.path(`${field}[${i}]`), this.issues);
      if (!isRecord(item)) return item as never;
      const sku = item.sku;
      if (typeof sku !== 'string') line.fail('sku', 'must be a string');
      else if (catalog && !catalog.has(sku)) line.fail('sku', `unknown SKU "${sku.slice(0, 40)}"`);
      else if (!catalog && !SKU_PATTERN.test(sku))
        line.fail('sku', 'must be a catalog SKU: SKU- and 1 to 12 capital letters or digits');
      return { sku: sku as string, quantity: line.integer('quantity', 1, maxQuantity) };
    });
  }

  /** The card vault's token and what a receipt shows; never the card itself. */
  cardRef(field: string): CardRef {
    if (!isRecord(this.record[field]))
      return this.fail(field, 'must be an object with token, last4 and brand') as never;
    const ref = new FieldChecker(this.record[field], this.path(field), this.issues);
    return {
      token: ref.text(
        'token',
        36,
        CARD_TOKEN_PATTERN,
        'must be a card vault token: tok_ and 32 hex digits',
      ),
      last4: ref.text('last4', 4, LAST4_PATTERN, 'must be the last four digits of the card'),
      brand: ref.oneOf('brand', CARD_BRANDS),
    };
  }

  /** The checked value, or a ValidationError that lists every problem found. */
  done<T>(value: T): T {
    if (this.issues.length > 0) throw new ValidationError(this.issues);
    return value;
  }
}
