import { existsSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { delimiter, join } from 'node:path';

/**
 * Where ports for servers that bind later come from: below the kernel's
 * ephemeral range (Linux 32768-60999, macOS 49152-65535), from which every
 * outgoing connection takes its local port. A port the OS picks with
 * `listen(0)` is in that range, so between our check and the server's bind
 * a client socket could take it (seen: EADDRINUSE on a service's port while
 * the load tool held thousands of connections). Above the lab's defaults.
 */
export const FREE_PORT_RANGE = { low: 20_000, high: 32_000 } as const;

/** Ports this process handed out: never twice, as their servers may not be up yet. */
const handedOut = new Set<number>();
const ATTEMPTS_PER_PORT = 50;

function randomPort(): number {
  const { low, high } = FREE_PORT_RANGE;
  return low + Math.floor(Math.random() * (high - low));
}

function holdPort(port: number, host: string): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => resolve(server));
  });
}

/** Several distinct ports that were free a moment ago (held together, then released). */
export async function freePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  if (handedOut.size > (FREE_PORT_RANGE.high - FREE_PORT_RANGE.low) / 2) handedOut.clear();
  const held: Server[] = [];
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count; attempt++) {
    if (attempt >= count * ATTEMPTS_PER_PORT) {
      await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
      throw new Error(`no free port on ${host} in ${FREE_PORT_RANGE.low}-${FREE_PORT_RANGE.high}`);
    }
    const port = randomPort();
    if (handedOut.has(port)) continue;
    // Reserved before the await, so concurrent calls cannot both take it.
    handedOut.add(port);
    const server = await holdPort(port, host);
    if (!server) continue;
    held.push(server);
    ports.push(port);
  }
  await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/** A port that was free a moment ago on `host`. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return (await freePorts(1, host))[0]!;
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
