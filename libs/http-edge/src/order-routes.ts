import { isTerminal, type OrderView } from '@lab/domain';
import type { EffectsLedger, OrderChange, OrderStore, OrderWatcher } from '@lab/ledger';
import type { Route } from './edge-server.js';

export interface OrderRouteDeps {
  readonly store: OrderStore;
  readonly ledger: EffectsLedger;
  readonly watcher: OrderWatcher;
  /** Comment lines that keep idle SSE streams open through proxies. */
  readonly keepAliveMs?: number;
}

const ORDER_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

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

/** GET /orders/:id and GET /orders/:id/events (server-sent events until the order ends). */
export function orderRoutes(deps: OrderRouteDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/orders/:id',
      handler: async ({ params }) => {
        const id = params.id!;
        if (!ORDER_ID.test(id)) return notFound(id.slice(0, 128));
        const view = await orderView(deps, id);
        return view ? { status: 200, body: view } : notFound(id);
      },
    },
    {
      method: 'GET',
      path: '/orders/:id/events',
      handler: async ({ params, res, req }) => {
        const id = params.id!;
        if (!ORDER_ID.test(id)) return notFound(id.slice(0, 128));
        // Subscribe before reading, so no change can fall between the read and the watch.
        const changes: OrderChange[] = [];
        const relay: { forward?: (c: OrderChange) => void } = {};
        const unwatch = deps.watcher.watch(id, (c) =>
          relay.forward ? relay.forward(c) : changes.push(c),
        );
        const view = await orderView(deps, id).catch((e: unknown) => {
          unwatch();
          throw e;
        });
        if (!view) {
          unwatch();
          return notFound(id);
        }
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
        });
        res.flushHeaders();
        let done = false;
        const keepAlive = setInterval(
          () => res.write(': keep-alive\n\n'),
          deps.keepAliveMs ?? 15_000,
        );
        const finish = () => {
          if (done) return;
          done = true;
          clearInterval(keepAlive);
          unwatch();
          res.end();
        };
        req.once('close', finish);
        const emit = (status: string, reason: string | undefined, at: number) => {
          if (done) return;
          res.write(
            `event: status\ndata: ${JSON.stringify({ orderId: id, status, ...(reason ? { reason } : {}), at })}\n\n`,
          );
          if (isTerminal(status as never)) finish();
        };
        emit(view.status, view.reason, Date.now());
        relay.forward = (c) => {
          if (c.effect) {
            if (!done)
              res.write(
                `event: effect\ndata: ${JSON.stringify({ orderId: id, effect: c.effect, at: c.at })}\n\n`,
              );
          } else emit(c.status, c.reason || undefined, c.at);
        };
        for (const c of changes) relay.forward(c);
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

/** The health check of a Redis connection: it answers PING. */
export function redisHealth(redis: { ping(): Promise<string> }): HealthCheck {
  return async () => ((await redis.ping()) === 'PONG' ? true : 'no PONG');
}
