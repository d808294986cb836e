import { Redis } from 'ioredis';
import { startBrokers, waitUntil, type Brokers } from '@lab/brokers';
import { startStack, type RunningStack } from '@lab/launcher';
import { EffectsLedger, OrderStore, StockStore, reconcile, type Reconciliation } from '@lab/ledger';
import { CONFIRMED_ORDER_EFFECTS, TEST_CARDS, regularSku, type Variant } from '@lab/domain';

export interface Lab {
  readonly brokers: Brokers;
  readonly stack: RunningStack;
  readonly redis: Redis;
  readonly store: OrderStore;
  readonly ledger: EffectsLedger;
  readonly stock: StockStore;
  stop(): Promise<void>;
}

export interface LabOptions {
  /** Every line any process writes (apps by name, brokers as nats, redis, vault): none is kept on disk. */
  readonly onOutput?: (source: string, line: string) => void;
}

/** Brokers on free ports and one stack of real processes, fast (timeScale 0.01). */
export async function startLab(
  kind: Variant,
  settings: Record<string, string | number> = {},
  options: LabOptions = {},
): Promise<Lab> {
  const brokers = await startBrokers(options.onOutput ? { onOutput: options.onOutput } : {});
  try {
    const stack = await startStack(kind, {
      env: brokers.env,
      settings: { LAB_TIME_SCALE: 0.01, ...settings },
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
    const redis = new Redis(brokers.redis!.url);
    // Tests stop Redis on purpose; its reconnects are not errors to print.
    redis.on('error', () => undefined);
    const namespace = kind;
    return {
      brokers,
      stack,
      redis,
      store: new OrderStore(redis, namespace),
      ledger: new EffectsLedger(redis, namespace),
      stock: new StockStore(redis, namespace),
      stop: async () => {
        await stack.stop();
        redis.disconnect();
        await brokers.stop();
      },
    };
  } catch (error) {
    await brokers.stop();
    throw error;
  }
}

export function checkoutBody(overrides: Record<string, unknown> = {}) {
  return {
    customerId: 'cust-1',
    email: 'ada@example.com',
    items: [{ sku: regularSku(1), quantity: 2 }],
    card: { number: TEST_CARDS.accepted, expiry: '12/30', cvc: '123' },
    ...overrides,
  };
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

export async function get(url: string): Promise<HttpAnswer> {
  const res = await fetch(url);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Reconciles every order the stack recorded. */
export async function reconcileAll(lab: Lab, namespace: string): Promise<Reconciliation> {
  return reconcile(lab.redis, namespace, await lab.store.ids());
}

/** Waits until the stack's edge reports every dependency healthy. */
export async function waitForHealthy(stackUrl: string, timeoutMs = 15_000): Promise<void> {
  await waitUntil(async () => (await fetch(`${stackUrl}/healthz`)).status === 200, {
    timeoutMs,
    what: `${stackUrl}/healthz`,
  });
}

/** Waits until every order is terminal and, if confirmed, shows all its effects. */
export async function waitForSettled(
  lab: Lab,
  orderIds: readonly string[],
  timeoutMs = 30_000,
): Promise<void> {
  await waitUntil(
    async () => {
      for (const id of orderIds) {
        const order = await lab.store.get(id);
        if (!order || (order.status !== 'confirmed' && order.status !== 'failed')) return false;
        if (order.status === 'confirmed') {
          const counts = await lab.ledger.countsOf(id);
          if (CONFIRMED_ORDER_EFFECTS.some((e) => !counts[e])) return false;
        }
      }
      return true;
    },
    { timeoutMs, what: `${orderIds.length} orders to settle` },
  );
}

export const ALL_EFFECTS_ONCE = { reservation: 1, charge: 1, email: 1, analytics: 1, warehouse: 1 };
