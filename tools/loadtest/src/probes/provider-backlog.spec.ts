import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { providerBacklog } from './provider-backlog.js';

let server: Server | undefined;
afterEach(() => {
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** A provider's stats endpoint answering `status` and `body`; its URL. */
async function statsAt(status: number, body: unknown): Promise<string> {
  server = createServer((_req, res) => res.writeHead(status).end(JSON.stringify(body)));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

describe('providerBacklog', () => {
  it('adds the deliveries, charges and refunds the provider has still to settle', async () => {
    const url = await statsAt(200, {
      delivered: 9,
      failedAttempts: 4,
      pendingDeliveries: 1,
      pendingCharges: 2,
      pendingRefunds: 3,
    });
    expect(await providerBacklog(url)()).toBe(6);
  });

  it('is null when the provider answers an error or nothing', async () => {
    const url = await statsAt(503, {});
    expect(await providerBacklog(url)()).toBeNull();
    server!.close();
    await new Promise((r) => server!.once('close', r));
    expect(await providerBacklog(url)()).toBeNull();
  });
});
