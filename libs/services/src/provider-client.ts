import { Agent, request } from 'node:http';
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
  /**
   * Kept-alive connections over node:http: a charge request is on the
   * customer's path (the hybrid answers after it), and fetch spent 1.5–1.75 ms
   * on one where node:http spent 0.84–1.0 ms (docs/performance.md, "Charging
   * by webhook").
   */
  private readonly agent = new Agent({ keepAlive: true });

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
    let answer: { status: number; text: string };
    try {
      answer = await this.post(path, JSON.stringify(body), idempotencyKey);
    } catch (error) {
      throw new DependencyUnavailableError('payment provider', (error as Error).message, {
        cause: error,
      });
    }
    const { status, text } = answer;
    if (status >= 200 && status < 300) return JSON.parse(text) as T;
    if (status >= 500)
      throw new DependencyUnavailableError('payment provider', `HTTP ${String(status)}`);
    throw new InternalError(`payment provider refused ${path}: ${String(status)} ${text}`);
  }

  /** One POST, its whole answer within the request timeout, or an error. */
  private post(
    path: string,
    body: string,
    idempotencyKey?: string,
  ): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.options.url}${path}`, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      req.on('error', reject);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.end(body);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}
