/**
 * The last line of defence for card data in logs. Cards are exchanged for
 * vault tokens at the edge, so no log call should ever be handed one; if one
 * is (an error that quotes its input, a field logged whole), the line goes
 * out without it: any run of 12 to 19 digits in a string (a card number's
 * length) is masked, and the fields a card is made of are dropped.
 */

/** 12 to 19 digits standing alone: not inside an id, a word or a longer number. */
const PAN = /(?<![\w-])\d{12,19}(?![\w-])/g;
/** Fields that hold card data whatever object they sit in. */
const SECRET_KEYS = new Set(['cvc', 'cvv', 'pan', 'cardNumber', 'expiry']);
/** Objects under these keys are cards: only their token, last4 and brand are kept. */
const CARD_KEYS = new Set(['card', 'cardRef']);
const CARD_SAFE = new Set(['token', 'last4', 'brand']);
/** Log fields are shallow; deeper values are cut rather than walked. */
const MAX_DEPTH = 6;

export const REDACTED = '[redacted]';

/**
 * The same fields as paths for pino's own `redact`: a second net, on the
 * serialised line, for a field that reaches pino without passing `redact`
 * (a binding set on a pino child directly, say). Values in free text are
 * only caught by `redactText`.
 */
export const REDACT_PATHS: readonly string[] = [
  ...[...SECRET_KEYS].flatMap((key) => [key, `*.${key}`]),
  // A card's other secrets are SECRET_KEYS, one level down: `*.cvc` already covers `card.cvc`.
  ...[...CARD_KEYS].map((card) => `${card}.number`),
];

export function redactText(text: string): string {
  return text.replace(PAN, (digits) => `[card number ending ${digits.slice(-4)}]`);
}

/** A copy of `value` fit for a log line: no card number, no CVC, no expiry. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEYS.has(key)) out[key] = REDACTED;
    else if (CARD_KEYS.has(key) && typeof v === 'object' && v !== null) {
      out[key] = Object.fromEntries(
        Object.entries(v).map(([k, inner]) => [k, CARD_SAFE.has(k) ? redact(inner) : REDACTED]),
      );
    } else out[key] = redact(v, depth + 1);
  }
  return out;
}
