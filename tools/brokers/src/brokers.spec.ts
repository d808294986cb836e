import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, RetentionPolicy } from 'nats';
import { startBrokers, type Brokers } from './brokers.js';
import { freePorts, portOpen } from './net.js';
import { redisCommand } from './redis-server.js';

const started: Brokers[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((b) => b.stop()));
});

async function brokers(options?: Parameters<typeof startBrokers>[0]): Promise<Brokers> {
  const b = await startBrokers(options);
  started.push(b);
  return b;
}

describe('startBrokers', () => {
  it('starts nats (JetStream) and redis on free ports, and stops them', async () => {
    const b = await brokers();
    const nats = b.nats!;
    const redis = b.redis!;
    expect(nats.port).not.toBe(4422);
    expect(await redisCommand('127.0.0.1', redis.port, 'PING')).toBe('+PONG');
    const nc = await connect({ servers: nats.url });
    const jsm = await nc.jetstreamManager();
    expect((await jsm.getAccountInfo()).streams).toBe(0);
    await nc.close();
    expect(b.env.NATS_URL).toBe(nats.url);
    expect(b.env.REDIS_URL).toBe(redis.url);
    expect(b.env.LAB_VAULT_URL).toBe(b.vault!.url);
    expect(b.vault!.port).not.toBe(redis.port);

    await b.stop();
    started.pop();
    expect(await portOpen('127.0.0.1', nats.port)).toBe(false);
    expect(await portOpen('127.0.0.1', redis.port)).toBe(false);
  });

  it('keeps JetStream and Redis data across a stop and a start', async () => {
    const b = await brokers();
    const nc = await connect({ servers: b.nats!.url });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({
      name: 'KEEP',
      subjects: ['keep.>'],
      retention: RetentionPolicy.Limits,
    });
    await nc.jetstream().publish('keep.one', new TextEncoder().encode('hello'));
    await nc.close();
    expect(await redisCommand('127.0.0.1', b.redis!.port, 'SET lab:keep yes')).toBe('+OK');

    await b.nats!.restart();
    await b.redis!.restart();

    const nc2 = await connect({ servers: b.nats!.url });
    const info = await (await nc2.jetstreamManager()).streams.info('KEEP');
    expect(info.state.messages).toBe(1);
    await nc2.close();
    expect(await redisCommand('127.0.0.1', b.redis!.port, 'GET lab:keep')).toBe('$3');
  });

  it('keeps Redis data through a crash (SIGKILL), thanks to the append-only file', async () => {
    const b = await brokers();
    const port = b.redis!.port;
    expect(await redisCommand('127.0.0.1', port, 'INCR lab:crash')).toBe(':1');
    // appendfsync everysec: wait until the write is on disk, as the AOF reports it.
    await waitFor(async () => (await info(port)).includes('aof_pending_bio_fsync:0'));
    await waitFor(async () => Number(/aof_current_size:(\d+)/.exec(await info(port))?.[1]) > 0);
    await b.redis!.kill();
    expect(b.redis!.running).toBe(false);
    await b.redis!.start();
    expect(await redisCommand('127.0.0.1', port, 'GET lab:crash')).toBe('$1');
  });

  it('keeps the card vault in memory only: nothing on disk, nothing after a restart', async () => {
    const b = await brokers({ nats: false });
    const vault = b.vault!;
    expect(await redisCommand('127.0.0.1', vault.port, 'SET tok_x 4242424242424242')).toBe('+OK');
    const persistence = await info(vault.port);
    expect(persistence).toContain('aof_enabled:0');
    expect(persistence).toContain('rdb_changes_since_last_save:1');
    await vault.restart();
    expect(await redisCommand('127.0.0.1', vault.port, 'EXISTS tok_x')).toBe(':0');
    await vault.stop();
    expect(readdirSync(vault.options.dataDir)).toEqual([]);
    // The main Redis keeps its append-only file as before.
    expect(await info(b.redis!.port)).toContain('aof_enabled:1');
  });

  it('runs a second copy beside the first on other ports', async () => {
    const [a, c] = await Promise.all([brokers(), brokers()]);
    expect(new Set([a.nats!.port, a.redis!.port, c.nats!.port, c.redis!.port]).size).toBe(4);
    expect(await redisCommand('127.0.0.1', a.redis!.port, 'SET who a')).toBe('+OK');
    expect(await redisCommand('127.0.0.1', c.redis!.port, 'EXISTS who')).toBe(':0');
  });

  it('says which broker failed and why when a port is taken, and leaves none of the others running', async () => {
    const a = await brokers({ nats: false });
    const [vaultPort] = await freePorts(1);
    await expect(
      startBrokers({ nats: false, redisPort: a.redis!.port, vaultPort: vaultPort! }),
    ).rejects.toThrow(
      `redis on 127.0.0.1:${a.redis!.port}: the port is already in use by another process`,
    );
    // The vault started beside the failing Redis was stopped with it.
    expect(await portOpen('127.0.0.1', vaultPort!)).toBe(false);
  });
});

describe('brokers serve', () => {
  it('starts both brokers, prints ready, and stops them on SIGINT', async () => {
    const [nats, monitor, redis, vault] = await freePorts(4);
    const dataDir = fileURLToPath(new URL(`../.test-data-${process.pid}`, import.meta.url));
    const child = spawn(
      process.execPath,
      ['--conditions=@lab/source', '--import', 'tsx', 'src/serve.ts'],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: {
          ...process.env,
          NATS_PORT: String(nats),
          NATS_MONITOR_PORT: String(monitor),
          REDIS_PORT: String(redis),
          LAB_VAULT_PORT: String(vault),
          LAB_DATA_DIR: dataDir,
          NATS_URL: '',
          REDIS_URL: '',
          LAB_VAULT_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await waitFor(
      async () => output.includes('brokers ready'),
      20_000,
      () => output,
    );
    expect(await portOpen('127.0.0.1', nats!)).toBe(true);
    expect(await redisCommand('127.0.0.1', redis!, 'PING')).toBe('+PONG');
    expect(await redisCommand('127.0.0.1', vault!, 'PING')).toBe('+PONG');
    expect(output).toContain(`vault: redis://127.0.0.1:${vault}`);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('brokers stopped');
    expect(await portOpen('127.0.0.1', nats!)).toBe(false);
    expect(await portOpen('127.0.0.1', redis!)).toBe(false);
    expect(await portOpen('127.0.0.1', vault!)).toBe(false);
    const { rmSync } = await import('node:fs');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops start-up with the setting named when a value is bad', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@lab/source', '--import', 'tsx', 'src/serve.ts'],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: { ...process.env, NATS_PORT: 'nope' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('NATS_PORT (nats.port): expected a TCP port');
  });
});

async function info(port: number): Promise<string> {
  // INFO is a bulk reply: read the whole thing over a raw socket.
  const { connect: tcp } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = tcp({ host: '127.0.0.1', port }, () => s.write('INFO persistence\r\n'));
    let data = '';
    s.on('data', (d) => {
      data += d;
      if (/\r\n\r\n$|aof_last_cow_size.*\r\n/s.test(data)) {
        s.destroy();
        resolve(data);
      }
    });
    s.on('error', reject);
    s.setTimeout(2000, () => {
      s.destroy();
      resolve(data);
    });
  });
}

async function waitFor(
  check: () => Promise<boolean>,
  timeoutMs = 10_000,
  context?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms${context ? `:\n${context()}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
