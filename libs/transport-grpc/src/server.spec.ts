import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@lab/telemetry';
import { startGrpcServer, type RunningGrpcServer } from './server.js';

const run = promisify(execFile);
// buf is a root dev dependency; its binary ships in a platform package.
const buf = createRequire(import.meta.url).resolve('@bufbuild/buf/bin/buf');

let server: RunningGrpcServer;
beforeAll(async () => {
  server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    service: 'inventory',
    methods: {
      Reserve: async () => ({ reservationId: 'r' }),
      CheckStock: async () => ({ available: true, shortSkus: [] }),
      Release: async () => ({ released: true }),
    },
    logger: createLogger('test', { level: 'silent' }),
  });
});
afterAll(() => server.shutdown(100));

/** `buf curl` knows no .proto here: everything it sends it learnt by reflection. */
async function bufCurl(...args: string[]): Promise<string> {
  const { stdout } = await run(buf, [
    'curl',
    '--protocol',
    'grpc',
    '--http2-prior-knowledge',
    ...args,
  ]);
  return stdout;
}

describe('reflection', () => {
  it('lists the service and the health service', async () => {
    const services = await bufCurl('--list-services', `http://127.0.0.1:${server.port}`);
    expect(services.split('\n')).toEqual(
      expect.arrayContaining(['shop.inventory.v1.InventoryService', 'grpc.health.v1.Health']),
    );
  });

  it('lets a client with no .proto check health', async () => {
    const base = `http://127.0.0.1:${server.port}/grpc.health.v1.Health/Check`;
    expect(JSON.parse(await bufCurl('-d', '{}', base))).toEqual({ status: 'SERVING' });
    const named = JSON.parse(
      await bufCurl('-d', '{"service":"shop.inventory.v1.InventoryService"}', base),
    );
    expect(named).toEqual({ status: 'SERVING' });
  });
});
