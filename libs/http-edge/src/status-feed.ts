import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_RANK, isTerminal, type OrderStatus } from '@lab/domain';
import type { OrderChange, OrderRecord, OrderStore, OrderWatcher } from '@lab/ledger';
import type { Reply } from './edge-server.js';

export interface StatusFeedDeps {
  readonly store: Pick<OrderStore, 'get'>;
  readonly watcher: Pick<OrderWatcher, 'watch'>;
  /** Comment lines that keep an idle stream open through proxies; each also re-reads the order. */
  readonly keepAliveMs: number;
}

/** The last status a client saw, from its Last-Event-ID (the event ids are status names). */
export function lastSeenRank(header: string | string[] | undefined): number {
  const id = (Array.isArray(header) ? header[0] : header)?.trim();
  return id && Object.hasOwn(STATUS_RANK, id) ? STATUS_RANK[id as OrderStatus] : -1;
}

function statusEvent(order: OrderRecord, status: OrderStatus, at: number): string {
  const data = {
    orderId: order.orderId,
    status,
    ...(isTerminal(status) && order.reason ? { reason: order.reason } : {}),
    at,
  };
  return `id: ${status}\nevent: status\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * GET /orders/:id/events: the order's statuses as server-sent events, each
 * once and in order, from the start or from the client's Last-Event-ID, until
 * the order ends; then the stream closes. A client that reconnects after the
 * last status gets 204, which tells an EventSource to stop.
 *
 * Exact by construction: the stream subscribes to the order's changes before
 * it reads the order, and every change (or keep-alive) re-reads the order's
 * recorded history and sends what the client has not seen. A status is sent
 * only if it ranks past the last one sent, so a change seen both in the first
 * read and on the subscription goes out once, and a change the subscription
 * missed (Redis reconnecting) is found on the next read.
 */
export async function streamStatus(
  deps: StatusFeedDeps,
  orderId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Reply | undefined> {
  let sentRank = lastSeenRank(req.headers['last-event-id']);
  let done = false;
  let reading: Promise<void> = Promise.resolve();
  // Set once the stream is open; `finish` runs only after that.
  const timers: { keepAlive?: NodeJS.Timeout } = {};
  const finish = () => {
    if (done) return;
    done = true;
    clearInterval(timers.keepAlive);
    unwatch();
    if (res.headersSent) res.end();
  };
  const send = (order: OrderRecord) => {
    for (const step of order.history) {
      if (done) return;
      if (STATUS_RANK[step.status] <= sentRank) continue;
      res.write(statusEvent(order, step.status, step.at));
      sentRank = STATUS_RANK[step.status];
      if (isTerminal(step.status)) finish();
    }
  };
  const resync = () => {
    reading = reading
      .then(async () => {
        if (done) return;
        const order = await deps.store.get(orderId);
        if (order) send(order);
      })
      .catch(() => undefined); // The next change or keep-alive reads again.
  };
  const onChange = (change: OrderChange) => {
    if (done) return;
    if (change.effect) {
      res.write(
        `event: effect\ndata: ${JSON.stringify({ orderId, effect: change.effect, at: change.at })}\n\n`,
      );
    } else resync();
  };
  // Subscribe first: a change after this is seen, whatever the first read finds.
  const unwatch = deps.watcher.watch(orderId, (c) => {
    if (res.headersSent) onChange(c);
  });
  let order: OrderRecord | undefined;
  try {
    order = await deps.store.get(orderId);
  } catch (error) {
    unwatch();
    throw error;
  }
  if (!order) {
    unwatch();
    return { status: 404, body: { error: 'not_found', message: `no order ${orderId}` } };
  }
  if (isTerminal(order.status) && sentRank >= STATUS_RANK[order.status]) {
    unwatch();
    return { status: 204 };
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  req.once('close', finish);
  res.once('close', finish);
  timers.keepAlive = setInterval(() => {
    if (done) return;
    res.write(': keep-alive\n\n');
    resync();
  }, deps.keepAliveMs);
  send(order);
  // Changes that arrived between the subscription and the first read.
  if (!done) resync();
  return undefined;
}
