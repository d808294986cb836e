import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitUntil } from '@lab/brokers';
import { TEST_CARDS } from '@lab/domain';
import { afterAll, describe, expect, it } from 'vitest';
import { testReceiver } from './test-receiver.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const stateFile = join(mkdtempSync(join(tmpdir(), 'provider-process-')), 'state.json');
const port = await freePort();
const base = `http://127.0.0.1:${String(port)}`;
let answer = 503;
const receiver = await testReceiver(() => answer);
let child: ChildProcess | undefined;

async function startProvider(): Promise<ChildProcess> {
  const started = spawn(
    process.execPath,
    ['--conditions=@lab/source', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: appDir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        LAB_PROVIDER_PORT: String(port),
        LAB_PROVIDER_STATE_FILE: stateFile,
        LAB_TIME_SCALE: '0.01',
        LAB_WEBHOOK_RETRY_BASE_MS: '50',
        LAB_WEBHOOK_RETRY_MAX_MS: '200',
        LAB_LOG_LEVEL: 'warn',
      },
    },
  );
  await waitUntil(
    async () => (await fetch(`${base}/healthz`).catch(() => undefined))?.status === 200,
    {
      timeoutMs: 15_000,
      what: 'payment provider',
      abandon: () => (started.exitCode !== null ? `exited ${String(started.exitCode)}` : undefined),
    },
  );
  return started;
}

const stats = async () =>
  (await (await fetch(`${base}/v1/stats`)).json()) as {
    failedAttempts: number;
    pendingDeliveries: number;
  };

afterAll(async () => {
  child?.kill('SIGKILL');
  await receiver.close();
});

describe('the payment provider process', () => {
  it('delivers after a restart in the middle of retrying, keeping no card on disk', async () => {
    child = await startProvider();
    await fetch(`${base}/v1/webhook_endpoints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: 'hybrid', url: receiver.url }),
    });
    const res = await fetch(`${base}/v1/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'order-7' },
      body: JSON.stringify({
        account: 'hybrid',
        orderId: 'o-7',
        amountCents: 500,
        currency: 'EUR',
        card: { number: TEST_CARDS.accepted, expiry: '12/40' },
      }),
    });
    const { id } = (await res.json()) as { id: string };
    await waitUntil(async () => (await stats()).failedAttempts >= 2, {
      timeoutMs: 10_000,
      what: 'refused deliveries',
    });
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    expect(readFileSync(stateFile, 'utf8')).not.toContain(TEST_CARDS.accepted);
    // Killed: what it saved since start-up is in the journal alone (no card there either).
    const journal = readFileSync(`${stateFile}.journal`, 'utf8');
    expect(journal).toContain(id);
    expect(journal).not.toContain(TEST_CARDS.accepted);
    answer = 200;
    child = await startProvider();
    await waitUntil(async () => receiver.received.length >= 1, {
      timeoutMs: 10_000,
      what: 'delivery after the restart',
    });
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({
      type: 'charge.succeeded',
      charge: { id },
    });
    await waitUntil(async () => (await stats()).pendingDeliveries === 0, {
      timeoutMs: 5_000,
      what: 'no deliveries left',
    });
  });
});
