import { connect } from 'node:net';

/** A Redis reply: a status or bulk string, an integer, nil, an array, or an error reply. */
export type RespValue = string | number | null | RespValue[] | RespError;

export class RespError extends Error {
  override readonly name = 'RespError';
}

/** How long a query may take unless told: brokers on this machine answer in well under it. */
const QUERY_TIMEOUT_MS = 1000;

/** Parses one reply at `at`; undefined while the reply is not complete yet. */
export function parseReply(
  buffer: Buffer,
  at: number,
): { value: RespValue; end: number } | undefined {
  const lineEnd = buffer.indexOf('\r\n', at);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[at]!);
  const line = buffer.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RespError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      const items: RespValue[] = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, end);
        if (!item) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new RespError(`unexpected reply type ${JSON.stringify(type)}`);
  }
}

/**
 * Sends one command (as a RESP array, so arguments may hold spaces) and
 * resolves with its whole reply: enough for readiness and role checks
 * without a Redis client library in the brokers tool.
 */
export function redisQuery(
  host: string,
  port: number,
  args: readonly string[],
  timeoutMs = QUERY_TIMEOUT_MS,
): Promise<RespValue> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buffer = Buffer.alloc(0);
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`redis ${host}:${port} did not answer ${args[0]}`));
    });
    socket.once('connect', () =>
      socket.write(
        `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
      ),
    );
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        const reply = parseReply(buffer, 0);
        if (!reply) return;
        socket.destroy();
        resolve(reply.value);
      } catch (error) {
        socket.destroy();
        reject(error as Error);
      }
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

/** The `field:value` lines of an INFO reply. */
export function infoFields(info: RespValue): Map<string, string> {
  const fields = new Map<string, string>();
  if (typeof info !== 'string') return fields;
  for (const line of info.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) fields.set(line.slice(0, at), line.slice(at + 1));
  }
  return fields;
}
