import type { IncomingMessage } from 'node:http';
import { ValidationError } from '@lab/domain';
import { HttpError, quoted } from './http-errors.js';

// The body was left unread: the connection cannot carry another request.
const CLOSE = { connection: 'close' } as const;

const tooLarge = (limit: number) =>
  new HttpError(
    413,
    { error: 'body_too_large', message: `request body is larger than ${limit} bytes` },
    CLOSE,
  );

const cutShort = (cause?: unknown) =>
  new HttpError(
    400,
    {
      error: 'invalid_request',
      message: 'the connection closed before the request body ended',
    },
    CLOSE,
    { cause },
  );

/**
 * The request's body, up to `limit` bytes. Settles whatever the client does:
 * a body over the limit, a connection that closes or breaks mid-body (the
 * promise is never left waiting for an `end` that cannot come).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge(limit));
  if (req.destroyed) return Promise.reject(cutShort());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (finish: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      finish();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      settle(() => reject(tooLarge(limit)));
      // Drain (and drop) the rest, so the answer is not stuck behind an unread body.
      req.resume();
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks)));
    const onError = (error: Error) => settle(() => reject(cutShort(error)));
    // 'close' after 'end' is the normal order; 'close' alone means the body never ended.
    const onClose = () => settle(() => reject(cutShort()));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The request's body parsed as JSON; a 4xx-mapped error when it is not JSON. */
export async function parseJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'];
  if (type && !/^application\/json\b/i.test(type)) {
    throw new HttpError(
      415,
      {
        error: 'unsupported_media_type',
        message: `content-type must be application/json, got ${quoted(type)}`,
      },
      CLOSE,
    );
  }
  const raw = await readBody(req, limit);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new ValidationError([
      { path: '', message: `body is not valid JSON: ${(error as Error).message}` },
    ]);
  }
}
