import type { IncomingMessage, ServerResponse } from 'node:http';
import { startSpan, type LabSpan } from '@lab/telemetry';

/** The lowest status a span counts as the server's failure (OpenTelemetry's HTTP conventions). */
const SERVER_ERROR = 500;

/**
 * The server span of one request, named after its route (`POST /checkout`),
 * continuing a caller's trace when the request carries one (traceparent).
 */
export function requestSpan(req: IncomingMessage, route: string): LabSpan | undefined {
  const method = req.method ?? '';
  return startSpan(`${method} ${route}`, {
    kind: 'server',
    parent: (key) => {
      const value = req.headers[key];
      return Array.isArray(value) ? value[0] : value;
    },
    attributes: { 'http.request.method': method, 'http.route': route },
  });
}

/** Ends it when the exchange ends, with the answer's status (none when the client left first). */
export function endRequestSpan(span: LabSpan, res: ServerResponse): void {
  if (res.headersSent) {
    span.set({ 'http.response.status_code': res.statusCode });
    if (res.statusCode >= SERVER_ERROR)
      span.fail({ code: String(res.statusCode), message: `answered ${res.statusCode}` });
  } else {
    span.set({ 'error.type': 'no_response' });
  }
  span.end();
}
