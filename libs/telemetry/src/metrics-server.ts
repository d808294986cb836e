import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.js';
import type { Registry } from './metrics.js';

/** The HTTP limits every server of the lab has (every caller passes `config.http`). */
export interface MetricsServerLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly timeoutCheckIntervalMs: number;
  readonly maxHeaderBytes: number;
}

export interface MetricsServerOptions {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly limits: MetricsServerLimits;
}

export interface RunningMetricsServer {
  readonly port: number;
  /** Stops listening and closes every connection (a scraper keeps its own open). */
  close(): Promise<void>;
}

const PATH = '/metrics';

function reply(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/**
 * `GET /metrics` for a process that serves no HTTP of its own (a gRPC
 * service), so that every process of a stack can be scraped. It answers
 * nothing else: 404 for another path, 405 for another method. Slow or
 * malformed clients are cut by the same limits as the edges'.
 */
export async function startMetricsServer(
  options: MetricsServerOptions,
): Promise<RunningMetricsServer> {
  const { registry, logger, limits } = options;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckIntervalMs,
      maxHeaderSize: limits.maxHeaderBytes,
    },
    (req, res) => {
      res.on('error', (error) => logger.debug('metrics response error', { err: error }));
      // No URL parsing: a target it would refuse is only another path here.
      const path = (req.url ?? '/').split('?')[0]!;
      if (path !== PATH) {
        reply(res, 404, `not found: this port serves GET ${PATH} only\n`);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        reply(res, 405, `${req.method ?? ''} not allowed: ${PATH} takes GET\n`, {
          allow: 'GET, HEAD',
        });
        return;
      }
      registry.render().then(
        // Node writes no body for HEAD: the same reply serves both.
        (text) => reply(res, 200, text, { 'content-type': registry.contentType }),
        (error: unknown) => {
          logger.warn('metrics could not be rendered', { err: error });
          reply(res, 500, 'metrics could not be rendered\n');
        },
      );
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, an error (say, accept() out of file descriptors) is logged, not fatal.
  server.on('error', (error) => logger.warn('metrics server error', { err: error }));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
