import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { EdgeClient, checkTarget, checkoutBody, poolWaitOf } from './edge-client.js';

describe('the edge client', () => {
  it('refuses targets off this machine unless told', () => {
    expect(() => checkTarget('http://10.1.2.3:8101', false)).toThrow(/not a loopback address/);
    expect(() => checkTarget('http://127.0.0.1:8101', false)).not.toThrow();
    expect(() => checkTarget('http://example.com', true)).not.toThrow();
  });

  it('builds the request mix from the seed, the same every run', () => {
    const bodies = Array.from({ length: 1000 }, (_, i) =>
      checkoutBody(i, { declined: 0.1, outOfStock: 0.1 }, 7, 100),
    );
    expect(bodies).toEqual(
      Array.from({ length: 1000 }, (_, i) =>
        checkoutBody(i, { declined: 0.1, outOfStock: 0.1 }, 7, 100),
      ),
    );
    const declined = bodies.filter((b) => b.includes('4000000000000002')).length;
    const soldOut = bodies.filter((b) => b.includes('SKU-SOLDOUT')).length;
    expect(declined).toBeGreaterThan(60);
    expect(declined).toBeLessThan(140);
    expect(soldOut).toBeGreaterThan(60);
    expect(soldOut).toBeLessThan(140);
  });

  it('reports a refused connection as a transport error, not a crash', async () => {
    const client = new EdgeClient('http://127.0.0.1:1', 1);
    expect(await client.checkout('{}')).toMatchObject({ status: 0 });
    await client.close();
  });

  it("reads the pool's wait from a Server-Timing header, and none from an answer without it", async () => {
    expect(poolWaitOf('db;dur=2, pool;dur=12.5')).toBe(12.5);
    expect(poolWaitOf('db;dur=2')).toBeUndefined();
    expect(poolWaitOf(undefined)).toBeUndefined();
    const server = createServer((req, res) => {
      req.resume();
      if (req.url === '/checkout') res.setHeader('server-timing', 'pool;dur=3.250');
      res.end('{"orderId":"o1","status":"confirmed"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const client = new EdgeClient(
      `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      1,
    );
    expect(await client.checkout('{}')).toEqual({ status: 200, orderId: 'o1', poolWaitMs: 3.25 });
    await client.close();
    await new Promise((r) => server.close(r));
  });
});
