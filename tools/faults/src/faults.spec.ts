import { afterEach, describe, expect, it } from 'vitest';
import {
  ControlClient,
  ControlError,
  FaultInjector,
  parseDuration,
  parseFaultRequest,
  startControlServer,
  type ControlServer,
  type FaultTarget,
  type StepFaultSetting,
} from './index.js';

/** A target that writes down what was done to it, in order. */
function recordingTarget(name: string, kinds: FaultTarget['kinds'], steps?: string[]) {
  const calls: string[] = [];
  let stepFault: StepFaultSetting | undefined;
  const target: FaultTarget = {
    name,
    kinds,
    ...(steps ? { steps } : {}),
    kill: async () => void calls.push('kill'),
    stop: async () => void calls.push('stop'),
    start: async () => void calls.push('start'),
    pause: () => void calls.push('pause'),
    resume: () => void calls.push('resume'),
    setStepFault: async (s, f) => {
      stepFault = f;
      calls.push(`steps ${s.join(',')} ${f ? JSON.stringify(f) : 'cleared'}`);
    },
  };
  return { target, calls, stepFault: () => stepFault };
}

const APP_KINDS = ['crash', 'hang', 'slow', 'errors'] as const;

describe('parseFaultRequest', () => {
  it('names every wrong field', () => {
    expect(() =>
      parseFaultRequest({ target: '', kind: 'melt', durationMs: -1, errorRate: 2 }),
    ).toThrow(/target is required.*kind must be one of.*durationMs must be.*errorRate must be/);
    expect(() => parseFaultRequest({ target: 'x', kind: 'slow', durationMs: 10 })).toThrow(
      'slow needs multiplier or addMs',
    );
    expect(() => parseFaultRequest([])).toThrow(/JSON object/);
  });

  it('keeps only what was given', () => {
    expect(parseFaultRequest({ target: 'x', kind: 'slow', durationMs: 10, multiplier: 3 })).toEqual(
      { target: 'x', kind: 'slow', durationMs: 10, multiplier: 3 },
    );
  });

  it('reads durations', () => {
    expect([parseDuration('20s'), parseDuration('1500ms'), parseDuration('2m')]).toEqual([
      20_000, 1500, 120_000,
    ]);
    expect(parseDuration('3')).toBe(3000);
    expect(() => parseDuration('soon')).toThrow(/not like 20s/);
  });
});

describe('FaultInjector', () => {
  it('crashes, holds the target, restarts it after the duration and times each step', async () => {
    const t = recordingTarget('async-payment', APP_KINDS);
    const injector = new FaultInjector([t.target]);
    const r = await injector.inject({ target: 'async-payment', kind: 'crash', durationMs: 30 });
    expect(r.state).toBe('active');
    expect(t.calls).toEqual(['kill']);
    expect(injector.held('async-payment')).toBe(true);
    const done = await injector.whenEnded(r.id);
    expect(t.calls).toEqual(['kill', 'start']);
    expect(done?.state).toBe('ended');
    expect(injector.held('async-payment')).toBe(false);
    expect(done!.endedAt! - done!.appliedAt!).toBeGreaterThanOrEqual(29);
    expect(done!.recoveredAt).toBeGreaterThanOrEqual(done!.endedAt!);
  });

  it('freezes and thaws, slows and restores the steps, stops and starts a broker', async () => {
    const app = recordingTarget('sync-payment', APP_KINDS, ['chargeCard', 'validatePayment']);
    const broker = recordingTarget('nats', ['broker-down', 'crash', 'hang']);
    const injector = new FaultInjector([app.target, broker.target]);
    const hang = await injector.inject({ target: 'sync-payment', kind: 'hang', durationMs: 5 });
    await injector.whenEnded(hang.id);
    const slow = await injector.inject({
      target: 'sync-payment',
      kind: 'slow',
      durationMs: 5,
      steps: ['chargeCard'],
      multiplier: 4,
    });
    expect(app.stepFault()).toEqual({ multiplier: 4 });
    await injector.whenEnded(slow.id);
    expect(app.stepFault()).toBeUndefined();
    const errors = await injector.inject({
      target: 'sync-payment',
      kind: 'errors',
      durationMs: 5,
      errorRate: 0.5,
    });
    await injector.whenEnded(errors.id);
    expect(app.calls).toEqual([
      'pause',
      'resume',
      'steps chargeCard {"multiplier":4}',
      'steps chargeCard cleared',
      'steps chargeCard,validatePayment {"errorRate":0.5}',
      'steps chargeCard,validatePayment cleared',
    ]);
    const down = await injector.inject({ target: 'nats', kind: 'broker-down', durationMs: 5 });
    await injector.whenEnded(down.id);
    expect(broker.calls).toEqual(['stop', 'start']);
  });

  it('refuses an unknown target, a kind it does not take, an unknown step and a second fault', async () => {
    const app = recordingTarget('async-notification', APP_KINDS, ['sendEmail']);
    const injector = new FaultInjector([app.target]);
    await expect(
      injector.inject({ target: 'async-mailer', kind: 'crash', durationMs: 5 }),
    ).rejects.toMatchObject({ status: 404, message: /no target async-mailer.*async-notification/ });
    await expect(
      injector.inject({ target: 'async-notification', kind: 'broker-down', durationMs: 5 }),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      injector.inject({
        target: 'async-notification',
        kind: 'slow',
        durationMs: 5,
        steps: ['chargeCard'],
        addMs: 1,
      }),
    ).rejects.toThrow(/no step chargeCard.*sendEmail/);
    const first = await injector.inject({
      target: 'async-notification',
      kind: 'hang',
      durationMs: 10_000,
    });
    await expect(
      injector.inject({ target: 'async-notification', kind: 'crash', durationMs: 5 }),
    ).rejects.toMatchObject({ status: 409 });
    // Ending early undoes it at once.
    const ended = await injector.end(first.id);
    expect(ended?.state).toBe('ended');
    expect(app.calls).toEqual(['pause', 'resume']);
  });

  it('reports a fault it could not apply and does not hold the target', async () => {
    const t = recordingTarget('sync-payment', APP_KINDS);
    const injector = new FaultInjector([
      { ...t.target, kill: async () => Promise.reject(new Error('not running')) },
    ]);
    const r = await injector.inject({ target: 'sync-payment', kind: 'crash', durationMs: 5 });
    expect(r).toMatchObject({ state: 'failed', error: 'not running' });
    expect(injector.held('sync-payment')).toBe(false);
  });
});

describe('control endpoint', () => {
  const TOKEN = 'a-token-of-enough-length';
  let server: ControlServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start() {
    const t = recordingTarget('async-notification', APP_KINDS, ['sendEmail']);
    server = await startControlServer({
      injector: new FaultInjector([t.target]),
      token: TOKEN,
      port: 0,
      scope: 'async stack',
    });
    return t;
  }

  it('binds to loopback and rejects requests without the right token, changing nothing', async () => {
    const t = await start();
    expect(new URL(server!.url).hostname).toBe('127.0.0.1');
    const body = JSON.stringify({ target: 'async-notification', kind: 'crash', durationMs: 5 });
    const none = await fetch(`${server!.url}/control/faults`, { method: 'POST', body });
    expect(none.status).toBe(401);
    const wrong = await fetch(`${server!.url}/control/faults`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    expect(t.calls).toEqual([]);
    await expect(
      new ControlClient(server!.url, 'wrong-token-wrong-token').describe(),
    ).rejects.toMatchObject({ status: 401 });
  });

  it('injects with the token, waits for the end, and explains bad requests', async () => {
    const t = await start();
    const client = new ControlClient(server!.url, TOKEN);
    expect((await client.describe()).targets).toEqual([
      { name: 'async-notification', kinds: [...APP_KINDS], steps: ['sendEmail'] },
    ]);
    // Long enough that the second request meets it on a busy machine; ended early below.
    const r = await client.inject({
      target: 'async-notification',
      kind: 'crash',
      durationMs: 60_000,
    });
    expect(r.state).toBe('active');
    await expect(
      client.inject({ target: 'async-notification', kind: 'hang', durationMs: 20 }),
    ).rejects.toMatchObject({ status: 409 });
    const waiting = client.whenEnded(r.id);
    expect((await client.end(r.id)).state).toBe('ended');
    const ended = await waiting;
    expect(ended.state).toBe('ended');
    expect(t.calls).toEqual(['kill', 'start']);
    await expect(
      client.inject({ target: 'async-notification', kind: 'slow', durationMs: 20 }),
    ).rejects.toMatchObject({ status: 400, message: 'slow needs multiplier or addMs' });
    const raw = await fetch(`${server!.url}/control/faults`, {
      method: 'POST',
      body: '{not json',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ error: 'bad_request', message: 'body is not JSON' });
    expect((await client.list()).faults.map((f) => f.id)).toEqual([r.id]);
  });

  it('tells the caller how to fix a missing endpoint', async () => {
    await expect(new ControlClient('http://127.0.0.1:9', TOKEN).describe()).rejects.toBeInstanceOf(
      ControlError,
    );
  });
});
