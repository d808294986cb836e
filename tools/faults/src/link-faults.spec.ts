import { afterEach, describe, expect, it } from 'vitest';
import {
  ControlClient,
  FaultInjector,
  LINK_FAULT_KINDS,
  describeFault,
  parseFaultRequest,
  selectsLink,
  startControlServer,
  type ControlServer,
  type FaultTarget,
  type LinkFaultCounts,
  type LinkFaultSetting,
} from './index.js';

/** A link that writes down every setting it was given, and counts what a test tells it. */
function recordingLink(client: string, server: string) {
  const settings: (LinkFaultSetting | undefined)[] = [];
  const counts: { -readonly [K in keyof LinkFaultCounts]: number } = {
    lostReplies: 0,
    resets: 0,
    swallowedBytes: 0,
  };
  const target: FaultTarget = {
    name: `${client}->${server}`,
    kinds: LINK_FAULT_KINDS,
    link: { client, server },
    setLinkFault: async (s) => void settings.push(s),
    linkCounts: () => ({ ...counts }),
  };
  return { target, settings, counts };
}

const SYNC_LINKS = [
  ['sync-gateway', 'sync-payment'],
  ['sync-gateway', 'sync-payment-2'],
  ['sync-gateway', 'sync-inventory'],
  ['sync-gateway', 'redis'],
  ['sync-payment', 'redis'],
  ['sync-payment-2', 'redis'],
  ['sync-payment', 'vault'],
] as const;
const ends = (i: number) => ({ client: SYNC_LINKS[i]![0], server: SYNC_LINKS[i]![1] });
const picked = (target: string, bothWays = false) =>
  SYNC_LINKS.map((_, i) => i)
    .filter((i) => selectsLink(target, ends(i), bothWays))
    .map((i) => SYNC_LINKS[i]!.join('->'));

describe('link targets', () => {
  it('name one link, a glob of links, a process or service with its replicas, or a stack', () => {
    expect(picked('sync-gateway->sync-payment')).toEqual([
      'sync-gateway->sync-payment',
      'sync-gateway->sync-payment-2',
    ]);
    expect(picked('sync-*->redis')).toEqual([
      'sync-gateway->redis',
      'sync-payment->redis',
      'sync-payment-2->redis',
    ]);
    expect(picked('sync-payment-2')).toEqual([
      'sync-gateway->sync-payment-2',
      'sync-payment-2->redis',
    ]);
    expect(picked('vault')).toEqual(['sync-payment->vault']);
    expect(picked('sync')).toHaveLength(SYNC_LINKS.length);
    expect(picked('async')).toEqual([]);
    expect(picked('sync-inventory,vault')).toEqual([
      'sync-gateway->sync-inventory',
      'sync-payment->vault',
    ]);
  });

  it('between two sets, both ways for a partition', () => {
    expect(picked('redis->sync-payment')).toEqual([]);
    expect(picked('redis,vault->sync-payment', true)).toEqual([
      'sync-payment->redis',
      'sync-payment-2->redis',
      'sync-payment->vault',
    ]);
  });
});

describe('parsing a link fault', () => {
  it("fills in the kind's direction and keeps what was given", () => {
    expect(
      parseFaultRequest({ target: 'a->b', kind: 'latency', durationMs: 10, addMs: 50 }),
    ).toEqual({ target: 'a->b', kind: 'latency', durationMs: 10, direction: 'down', addMs: 50 });
    expect(parseFaultRequest({ target: 'a', kind: 'partition', durationMs: 10 })).toMatchObject({
      direction: 'both',
    });
  });

  it('names what is missing, what does not belong and a direction the kind does not take', () => {
    expect(() => parseFaultRequest({ target: 'a', kind: 'bandwidth', durationMs: 10 })).toThrow(
      'bandwidth needs rateKBps',
    );
    expect(() =>
      parseFaultRequest({ target: 'a', kind: 'blackhole', durationMs: 10, addMs: 5 }),
    ).toThrow('blackhole takes no addMs');
    expect(() =>
      parseFaultRequest({ target: 'a', kind: 'lost-reply', durationMs: 10, direction: 'up' }),
    ).toThrow('lost-reply takes direction down, got "up"');
    expect(() =>
      parseFaultRequest({ target: 'a', kind: 'latency', durationMs: 10, addMs: -1 }),
    ).toThrow(/addMs must be a number from 0/);
    expect(() =>
      parseFaultRequest({ target: 'a', kind: 'crash', durationMs: 10, direction: 'up' }),
    ).toThrow('direction is for link faults only');
    expect(() => parseFaultRequest({ target: 'a', kind: 'melt', durationMs: 10 })).toThrow(
      /kind must be one of .*latency.*slow-close/,
    );
  });
});

describe('FaultInjector and links', () => {
  const links = () => SYNC_LINKS.map(([c, s]) => recordingLink(c, s));

  it('sets every link the target names, clears them at the end and counts what they saw', async () => {
    const all = links();
    const injector = new FaultInjector(all.map((l) => l.target));
    const r = await injector.inject({
      target: 'sync-gateway->sync-payment',
      kind: 'latency',
      durationMs: 20,
      addMs: 50,
      jitterMs: 5,
    });
    expect(r).toMatchObject({
      state: 'active',
      direction: 'down',
      links: ['sync-gateway->sync-payment', 'sync-gateway->sync-payment-2'],
    });
    const [first, second] = all;
    const setting = { kind: 'latency', direction: 'down', addMs: 50, jitterMs: 5 };
    expect(first!.settings).toEqual([setting]);
    expect(second!.settings).toEqual([setting]);
    expect(all[2]!.settings).toEqual([]);
    first!.counts.lostReplies += 2;
    second!.counts.resets += 1;
    const ended = await injector.whenEnded(r.id);
    expect(first!.settings).toEqual([setting, undefined]);
    expect(ended).toMatchObject({
      state: 'ended',
      counts: { lostReplies: 2, resets: 1, swallowedBytes: 0 },
    });
    expect(describeFault(ended!)).toMatch(
      /^latency of sync-gateway->sync-payment for 0.02 s \(\+50±5 ms down\): ended, on sync-gateway->sync-payment, sync-gateway->sync-payment-2, .*2 replies lost, 1 connections reset/,
    );
  });

  it('refuses a target that names no link, a stack without links, and a link already faulted', async () => {
    const injector = new FaultInjector(links().map((l) => l.target));
    await expect(
      injector.inject({ target: 'async-payment', kind: 'reset', durationMs: 5 }),
    ).rejects.toMatchObject({ status: 404, message: /no link matches async-payment \(links: / });
    await expect(
      new FaultInjector([]).inject({ target: 'sync', kind: 'reset', durationMs: 5 }),
    ).rejects.toMatchObject({ status: 404, message: /LAB_LINKS=on/ });
    const first = await injector.inject({
      target: 'sync-payment',
      kind: 'partition',
      durationMs: 10_000,
    });
    await expect(
      injector.inject({ target: 'sync-gateway->redis,sync-payment', kind: 'reset', durationMs: 5 }),
    ).rejects.toMatchObject({
      status: 409,
      message: /sync-gateway->sync-payment already has a partition/,
    });
    // A link the partition does not touch takes a fault of its own.
    const other = await injector.inject({
      target: 'sync-gateway->redis',
      kind: 'reset',
      durationMs: 5,
    });
    expect(other.state).toBe('active');
    await injector.endAll();
    expect((await injector.whenEnded(first.id))?.state).toBe('ended');
  });

  it('keeps link targets out of process faults', async () => {
    const injector = new FaultInjector(links().map((l) => l.target));
    await expect(
      injector.inject({ target: 'sync-gateway->redis', kind: 'crash', durationMs: 5 }),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('control endpoint and links', () => {
  const TOKEN = 'a-token-of-enough-length';
  let server: ControlServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('lists the links and takes link faults with the token', async () => {
    const link = recordingLink('hybrid-gateway', 'hybrid-payment');
    server = await startControlServer({
      injector: new FaultInjector([link.target]),
      token: TOKEN,
      port: 0,
      scope: 'hybrid stack',
    });
    const client = new ControlClient(server.url, TOKEN);
    expect((await client.describe()).targets.map((t) => t.name)).toEqual([
      'hybrid-gateway->hybrid-payment',
    ]);
    const r = await client.inject({ target: 'hybrid-payment', kind: 'blackhole', durationMs: 20 });
    expect(r).toMatchObject({ state: 'active', direction: 'both' });
    const ended = await client.whenEnded(r.id);
    expect(ended.state).toBe('ended');
    expect(link.settings).toEqual([{ kind: 'blackhole', direction: 'both' }, undefined]);
    const bad = await fetch(`${server.url}/control/faults`, {
      method: 'POST',
      body: JSON.stringify({ target: 'hybrid-payment', kind: 'bandwidth', durationMs: 5 }),
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'bad_request', message: 'bandwidth needs rateKBps' });
  });
});
