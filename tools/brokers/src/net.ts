import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { delimiter, join } from 'node:path';

/** A port that was free a moment ago on `host`; the OS picks it. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Several distinct free ports at once (held together so they cannot repeat). */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen({ port: 0, host, exclusive: true }, () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** Whether something accepts TCP connections on host:port right now. */
export function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** What is awaited, for the error message. */
  readonly what: string;
  /** Stops waiting early: the thing will never become ready (its process died). */
  readonly abandon?: () => string | undefined;
}

/** Polls `check` until it returns true; never a fixed sleep. */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const interval = options.intervalMs ?? 25;
  for (;;) {
    const gaveUp = options.abandon?.();
    if (gaveUp) throw new Error(`${options.what}: ${gaveUp}`);
    if (await check()) return;
    if (Date.now() > deadline)
      throw new Error(`${options.what}: not ready after ${options.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

const EXTRA_BIN_DIRS = [
  '/usr/sbin',
  '/usr/local/sbin',
  '/usr/local/bin',
  '/opt/homebrew/bin',
  '/usr/bin',
  '/sbin',
];

/**
 * The path of a program: `override` if given, else the first match on PATH or
 * in the usual system folders (Debian puts nats-server in /usr/sbin).
 */
export function findBinary(name: string, override?: string): string {
  if (override) {
    if (!existsSync(override)) throw new Error(`${name}: ${override} does not exist`);
    return override;
  }
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_BIN_DIRS];
  for (const dir of dirs) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(
    `${name} is not installed (looked on PATH and in ${EXTRA_BIN_DIRS.join(', ')}); run \`npm run setup\``,
  );
}
