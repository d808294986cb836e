import { WEBHOOK_PATH, WEBHOOK_SIGNATURE_HEADER } from '@lab/contracts';
import type { EdgeLimits } from './edge-server.js';
import { readBody } from './request-body.js';
import type { Route } from './route-table.js';

/** What answers a webhook delivery, given its signature header and its raw body. */
export interface WebhookSink {
  receive(
    signature: string | undefined,
    body: string,
  ): Promise<{ readonly status: number; readonly body: Record<string, unknown> }>;
}

/**
 * `POST /webhooks/payment`: the raw body goes to the sink as received (the
 * signature is over those bytes, not over a re-serialized parse).
 */
export function webhookRoute(sink: WebhookSink, limits: Pick<EdgeLimits, 'bodyLimitBytes'>): Route {
  return {
    method: 'POST',
    path: WEBHOOK_PATH,
    handler: async ({ req }) => {
      const body = await readBody(req, limits.bodyLimitBytes);
      const header = req.headers[WEBHOOK_SIGNATURE_HEADER];
      return sink.receive(Array.isArray(header) ? header[0] : header, body.toString('utf8'));
    },
  };
}
