import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_SIGNATURE_HEADER } from '@lab/contracts';

/** A delivery as a test receiver got it. */
export interface Received {
  readonly body: string;
  readonly signature: string | undefined;
}

/** A webhook endpoint for tests: answers `status()` to each delivery and keeps what it got. */
export async function testReceiver(status: () => number = () => 200): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const code = status();
      if (code < 300)
        received.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: req.headers[WEBHOOK_SIGNATURE_HEADER] as string | undefined,
        });
      res.writeHead(code).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}/webhooks/payment`,
    received,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
