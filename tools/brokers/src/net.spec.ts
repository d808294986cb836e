import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FREE_PORT_RANGE, freePort, freePorts } from './net.js';

const ephemeralLow = 32_768;

describe('freePorts', () => {
  it('hands out distinct ports below the ephemeral range, each bindable', async () => {
    const ports = await freePorts(40);
    expect(new Set(ports).size).toBe(40);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(FREE_PORT_RANGE.low);
      expect(port).toBeLessThan(Math.min(FREE_PORT_RANGE.high, ephemeralLow));
      await new Promise<void>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
          server.close(() => resolve()),
        );
      });
    }
  });

  it('never hands the same port out twice in one process', async () => {
    const first = await freePorts(200);
    const second = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(second.filter((p) => first.includes(p))).toEqual([]);
    expect(new Set(second).size).toBe(50);
  });
});
