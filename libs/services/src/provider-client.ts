import type { ProviderCharge } from '@lab/contracts';
import { DependencyUnavailableError, InternalError } from '@lab/domain';

export interface ProviderClientOptions {
  /** The provider's base URL. */
  readonly url: string;
  /** The shop's account at the provider: the stack's namespace. */
  readonly account: string;
  readonly requestTimeoutMs: number;
}

/** What the shop asks the provider to charge; the card travels in memory, over loopback, only. */
export interface ChargeOrder {
  readonly idempotencyKey: string;
  readonly orderId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly card: { readonly number: string; readonly expiry: string };
}

/**
 * The shop's side of the payment provider's API. A provider that does not
 * answer, or answers 5xx, is unavailable (retried); a 4xx is the shop's bug.
 */
export class ProviderClient {
  constructor(readonly options: ProviderClientOptions) {}

  /** Requests a charge; answered at once, pending. Repeats under one key return the same charge. */
  createCharge(order: ChargeOrder): Promise<ProviderCharge> {
    const { idempotencyKey, ...rest } = order;
    return this.call('/v1/charges', { account: this.options.account, ...rest }, idempotencyKey);
  }

  /** Requests the refund of a succeeded charge; `charge.refunded` tells when it is done. */
  refund(chargeId: string): Promise<ProviderCharge> {
    return this.call(`/v1/charges/${encodeURIComponent(chargeId)}/refund`, {});
  }

  /** Registers where the provider delivers this account's events. */
  async register(webhookUrl: string): Promise<void> {
    await this.call('/v1/webhook_endpoints', { account: this.options.account, url: webhookUrl });
  }

  private async call<T>(path: string, body: unknown, idempotencyKey?: string): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.options.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
    } catch (error) {
      throw new DependencyUnavailableError('payment provider', (error as Error).message, {
        cause: error,
      });
    }
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    if (response.status >= 500)
      throw new DependencyUnavailableError('payment provider', `HTTP ${String(response.status)}`);
    throw new InternalError(`payment provider refused ${path}: ${String(response.status)} ${text}`);
  }
}
