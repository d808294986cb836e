import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { LabConfig } from '@lab/config';
import type { Logger } from '@lab/telemetry';
import type { ErrorBody } from './http-errors.js';

/** What Node's HTTP parser (llhttp) or its timers report for a request it could not take. */
export interface ClientError extends Error {
  readonly code?: string;
  /** llhttp's own words, e.g. "Invalid HTTP version". */
  readonly reason?: string;
}

interface Answer {
  readonly status: number;
  readonly body: ErrorBody;
}

/**
 * The answer to a request the parser refused, or undefined when none can be
 * given (the client is gone). Codes are Node's: HPE_* from llhttp, and
 * ERR_HTTP_REQUEST_TIMEOUT for both the header and the request timeout.
 */
export function clientErrorAnswer(
  error: ClientError,
  limits: Pick<LabConfig['http'], 'headersTimeoutMs' | 'requestTimeoutMs' | 'maxHeaderBytes'>,
): Answer | undefined {
  switch (error.code) {
    case 'ECONNRESET':
    case 'EPIPE':
    case 'HPE_INVALID_EOF_STATE':
      return undefined;
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        body: {
          error: 'headers_too_large',
          message: `request line and headers are larger than ${limits.maxHeaderBytes} bytes`,
        },
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        status: 413,
        body: { error: 'body_too_large', message: 'chunk extensions are too large' },
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        body: {
          error: 'request_timeout',
          message: `the request did not arrive in time: headers within ${limits.headersTimeoutMs} ms, all of it within ${limits.requestTimeoutMs} ms`,
        },
      };
    default:
      return {
        status: 400,
        body: {
          error: 'invalid_request',
          message: `malformed HTTP request: ${error.reason ?? error.message}`,
        },
      };
  }
}

/** The answer as raw bytes: a refused request has no ServerResponse to write it. */
function rawResponse({ status, body }: Answer): string {
  const text = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(text)}`,
    'connection: close',
    '',
    text,
  ].join('\r\n');
}

/** The part of Node's socket that tells whether a response already started on it. */
interface HttpSocket extends Duplex {
  readonly _httpMessage?: { readonly headersSent: boolean } | null;
}

/**
 * The server's 'clientError' listener: a JSON 4xx with `connection: close`
 * when the socket can still take one and no response has started on it,
 * else the socket is destroyed. Never throws, so no client can end the process.
 */
export function clientErrorListener(
  limits: LabConfig['http'],
  logger: Logger,
  count: (code: string) => void,
): (error: ClientError, socket: Duplex) => void {
  return (error, socket) => {
    const code = error.code ?? 'unknown';
    count(code);
    logger.debug('refused a malformed request', { code, reason: error.reason ?? error.message });
    const answer = clientErrorAnswer(error, limits);
    const started = (socket as HttpSocket)._httpMessage?.headersSent ?? false;
    if (!answer || started || !socket.writable) {
      socket.destroy();
      return;
    }
    // The socket is closed once the answer is flushed, so the client cannot hold it half-open.
    socket.end(rawResponse(answer), () => socket.destroy());
  };
}

/**
 * The server's 'connect' listener. CONNECT asks for a tunnel, which an edge
 * never opens: 405, then closed. Node has taken its own listeners off the
 * socket by now, so this one also keeps a socket error from going unhandled.
 */
export function connectListener(): (req: IncomingMessage, socket: Duplex) => void {
  return (_req, socket) => {
    socket.on('error', () => socket.destroy());
    const answer: Answer = {
      status: 405,
      body: {
        error: 'method_not_allowed',
        message: 'CONNECT is not allowed: an edge opens no tunnel',
      },
    };
    socket.end(rawResponse(answer), () => socket.destroy());
  };
}
