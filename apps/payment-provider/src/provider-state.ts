import type { ProviderCharge, WebhookEvent } from '@lab/contracts';

/** A charge with what the provider keeps to settle it (never the card number or CVC). */
export interface ChargeRecord extends ProviderCharge {
  readonly idempotencyKey: string;
  readonly createdAt: number;
  /** When it settles (succeeded or failed), after the profile's charge latency. */
  readonly settleAt: number;
  /** The issuer's answer, drawn when the charge is created; shown at `settleAt`. */
  readonly approved: boolean;
  readonly declineReason?: string;
  /** When a requested refund settles. */
  refundSettleAt?: number;
}

/** One event on its way to an account's webhook URL, until a 2xx. */
export interface Delivery {
  /** The event id, or the id and `:again` for the repeat a duplicate setting adds. */
  readonly key: string;
  readonly event: WebhookEvent;
  attempts: number;
  nextAt: number;
  /** A repeat of a delivered event: it is not repeated again. */
  readonly repeat: boolean;
}

/** Everything that must survive a restart of the provider. */
export interface ProviderState {
  /** Each account's registered webhook URL. */
  endpoints: Record<string, string>;
  charges: Record<string, ChargeRecord>;
  /** `account|idempotency key` → charge id. */
  keys: Record<string, string>;
  deliveries: Record<string, Delivery>;
  /** Counts for the lab's reports: deliveries answered 2xx, attempts that failed. */
  stats: { delivered: number; failedAttempts: number };
}

export const emptyState = (): ProviderState => ({
  endpoints: {},
  charges: {},
  keys: {},
  deliveries: {},
  stats: { delivered: 0, failedAttempts: 0 },
});

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a saved state's shape, or undefined when it is one. */
export function stateProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return 'not a JSON object';
  for (const field of ['endpoints', 'charges', 'keys', 'deliveries'] as const)
    if (!isRecord(value[field])) return `${field}: must be an object`;
  const { stats } = value;
  if (
    !isRecord(stats) ||
    typeof stats.delivered !== 'number' ||
    !Number.isFinite(stats.failedAttempts)
  )
    return 'stats: must hold the delivered and failedAttempts counts';
  for (const [id, c] of Object.entries(value.charges as Record<string, unknown>))
    if (
      !isRecord(c) ||
      c.id !== id ||
      typeof c.status !== 'string' ||
      typeof c.settleAt !== 'number'
    )
      return `charges.${id}: not a charge`;
  for (const [key, d] of Object.entries(value.deliveries as Record<string, unknown>))
    if (
      !isRecord(d) ||
      !isRecord(d.event) ||
      !isRecord(d.event.charge) ||
      typeof d.nextAt !== 'number'
    )
      return `deliveries.${key}: not a delivery`;
  return undefined;
}
