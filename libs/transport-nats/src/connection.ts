import { connect, ErrorCode, Events, NatsError, type NatsConnection } from 'nats';
import type { Logger } from '@lab/telemetry';

export interface NatsConnectOptions {
  /** nats://host:port of every server; the client moves between them on failure. */
  readonly urls: readonly string[];
  /** Shown in the server's connection list (`/connz`), so name it after the service. */
  readonly name: string;
  /** Disconnects, reconnects and async errors are logged here. */
  readonly logger: Logger;
}

/** Between reconnect attempts: short, so clients are back soon after an outage ends. */
const RECONNECT_WAIT_MS = 250;
/**
 * Client pings: nats.js defaults to 2 minutes, so a server that stops answering
 * without closing the socket (frozen, network cut) would go unnoticed for minutes.
 */
const PING_INTERVAL_MS = 10_000;
const MAX_PINGS_OUT = 2;

/** Connections currently between a disconnect and the matching reconnect. */
const disconnected = new WeakSet<NatsConnection>();

let cancelledMadeCheap = false;

/**
 * nats.js ends every request it has resolved (a JetStream publish, an ackAck)
 * by cancelling it, which rejects its already settled promise with a new
 * NatsError(Cancelled): a stack trace captured per message that nobody can
 * see, and a share of every async process's CPU under load worth taking
 * back (docs/performance.md). From now on a Cancelled error without a cause
 * is built without a stack; every other error keeps its stack, and Cancelled
 * keeps its code and message. Called by connectNats (and by anything else that talks to NATS
 * the stacks' way, such as the transport benchmark).
 */
export function cheapCancelledErrors(): void {
  if (cancelledMadeCheap) return;
  cancelledMadeCheap = true;
  const original = NatsError.errorForCode.bind(NatsError);
  NatsError.errorForCode = (code: string, chainedError?: Error): NatsError => {
    if (code !== ErrorCode.Cancelled || chainedError) return original(code, chainedError);
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original(code, chainedError);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}

/**
 * Connects, and reconnects forever: a service outlives any NATS outage. The
 * first connect also waits for a server that is not up yet, so services and
 * brokers may start in any order.
 *
 * Core publishes made while disconnected are dropped by nats.js (its outbound
 * buffer is reset on every reconnect); publish through JetStream with an
 * awaited ack instead (see publishWithRetry).
 */
export async function connectNats(options: NatsConnectOptions): Promise<NatsConnection> {
  const { logger } = options;
  cheapCancelledErrors();
  const nc = await connect({
    servers: [...options.urls],
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: RECONNECT_WAIT_MS,
    waitOnFirstConnect: true,
    pingInterval: PING_INTERVAL_MS,
    maxPingOut: MAX_PINGS_OUT,
    // Every request (a JetStream publish, an ackAck) otherwise builds two Error
    // objects up front, stack and all, to decorate a timeout that rarely comes:
    // a share of a consumer's and the async edge's CPU under load (docs/performance.md).
    noAsyncTraces: true,
  });
  logger.info('nats connected', { server: nc.getServer(), name: options.name });

  // The status iterator ends when the connection closes, so this loop does too.
  void (async () => {
    for await (const status of nc.status()) {
      switch (status.type) {
        case Events.Disconnect:
          disconnected.add(nc);
          logger.warn('nats disconnected', { server: String(status.data) });
          break;
        case Events.Reconnect:
          disconnected.delete(nc);
          logger.info('nats reconnected', { server: String(status.data) });
          break;
        case Events.LDM:
          logger.warn('nats server entering lame duck mode', { server: String(status.data) });
          break;
        case Events.Error:
          logger.warn('nats async error', { err: status.data });
          break;
        default:
          // Debug events (reconnecting, pings, cluster updates) would flood the log.
          break;
      }
    }
  })().catch((error: unknown) => logger.error('nats status watch failed', { err: error }));

  void nc.closed().then((error) => {
    if (error) logger.error('nats connection closed', { err: error });
    else logger.info('nats connection closed');
  });
  return nc;
}

/** True while the client is connected: not reconnecting, not closed. For /healthz. */
export function natsConnected(nc: NatsConnection): boolean {
  return !nc.isClosed() && !disconnected.has(nc);
}
