import type { OrderView } from '@lab/domain';
import type { EffectsLedger, OrderStore, OrderWatcher } from '@lab/ledger';
import type { Route } from './edge-server.js';
import { streamStatus } from './status-feed.js';

export interface OrderRouteDeps {
  readonly store: OrderStore;
  readonly ledger: EffectsLedger;
  readonly watcher: OrderWatcher;
  /** Comment lines that keep idle SSE streams open through proxies. */
  readonly keepAliveMs?: number;
}

const ORDER_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Proxies drop idle streams after a minute or so; a comment line well within that keeps them. */
const SSE_KEEP_ALIVE_MS = 15_000;

export async function orderView(
  deps: Pick<OrderRouteDeps, 'store' | 'ledger'>,
  orderId: string,
): Promise<OrderView | undefined> {
  const [order, effects] = await Promise.all([
    deps.store.get(orderId),
    deps.ledger.countsOf(orderId),
  ]);
  if (!order) return undefined;
  return {
    orderId,
    variant: order.variant,
    status: order.status,
    ...(order.reason ? { reason: order.reason } : {}),
    effects,
  };
}

const notFound = (orderId: string) => ({
  status: 404,
  body: { error: 'not_found', message: `no order ${orderId}` },
});

/** An id no order can have: said plainly, without echoing what was sent. */
const badId = () => ({
  status: 400,
  body: {
    error: 'invalid_request',
    message: 'an order id is 1 to 128 characters of letters, digits and ._:-',
  },
});

/** GET /orders/:id and GET /orders/:id/events (server-sent events until the order ends). */
export function orderRoutes(deps: OrderRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/orders/:id',
      handler: async ({ params }) => {
        const id = params.id!;
        if (!ORDER_ID.test(id)) return badId();
        const view = await orderView(deps, id);
        return view ? { status: 200, body: view } : notFound(id);
      },
    },
    {
      method: 'GET',
      path: '/orders/:id/events',
      handler: async ({ params, res, req }) => {
        const id = params.id!;
        if (!ORDER_ID.test(id)) return badId();
        return streamStatus(
          { ...deps, keepAliveMs: deps.keepAliveMs ?? SSE_KEEP_ALIVE_MS },
          id,
          req,
          res,
        );
      },
    },
  ];
}

/** Something a stack needs to serve; answers true, or what is wrong. */
export type HealthCheck = () => Promise<true | string>;

/** GET /healthz: 200 when every dependency answers, 503 naming what is missing. */
export function healthRoute(
  checks: Readonly<Record<string, HealthCheck>>,
  timeoutMs = 1000,
): Route {
  return {
    method: 'GET',
    path: '/healthz',
    handler: async () => {
      const results = await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          const timeout = new Promise<string>((r) =>
            setTimeout(() => r(`no answer in ${timeoutMs} ms`), timeoutMs).unref(),
          );
          const result = await Promise.race([
            check().catch((e: unknown) => (e as Error).message || String(e)),
            timeout,
          ]);
          return [name, result === true ? 'ok' : result] as const;
        }),
      );
      const missing = results.filter(([, r]) => r !== 'ok').map(([n, r]) => `${n}: ${r}`);
      const body = {
        status: missing.length ? 'unavailable' : 'ok',
        checks: Object.fromEntries(results),
        ...(missing.length ? { missing } : {}),
      };
      return { status: missing.length ? 503 : 200, body };
    },
  };
}
