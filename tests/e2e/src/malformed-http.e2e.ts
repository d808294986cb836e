import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, type RawAnswer } from '@lab/brokers';
import { VARIANTS } from '@lab/domain';
import { malformedCorpus, SLOW_CLIENT_SETTINGS, type MalformedCase } from './malformed-corpus.js';
import { checkoutBody, post, startLab, type Lab } from './support.js';

// Far above what any answer takes here (milliseconds), far below a trickle's length (36 s).
const PROMPT_MS = 1_000;
// Every case ends by the request timeout at the latest; this is its slack on a busy machine.
const CASE_LIMIT_MS = SLOW_CLIENT_SETTINGS.LAB_HTTP_REQUEST_TIMEOUT_MS + 5_000;

/** What is wrong with an answer to a malformed request, or undefined when it is right. */
function wrongWith(answer: RawAnswer): string | undefined {
  if (!answer.connected) return 'the connection was refused';
  if (answer.timedOut) return `neither an answer nor a close in ${CASE_LIMIT_MS} ms`;
  if (answer.status === undefined) return answer.closed ? undefined : 'no status line';
  if (answer.status < 400 || answer.status > 499) return `status ${answer.status}`;
  if (!answer.complete || !answer.headers['content-type']?.startsWith('application/json'))
    return undefined;
  try {
    const body = JSON.parse(answer.body) as { error?: unknown; message?: unknown };
    if (typeof body.error !== 'string' || typeof body.message !== 'string')
      return `JSON without error and message: ${answer.body.slice(0, 120)}`;
  } catch {
    return `a body that is not JSON: ${answer.body.slice(0, 120)}`;
  }
  return undefined;
}

/** Every key in the lab's Redis, by SCAN (every namespace, nothing left out). */
async function allKeys(lab: Lab): Promise<Set<string>> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await lab.redis.scan(cursor, 'COUNT', 1000);
    batch.forEach((k) => keys.add(k));
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

describe.each(VARIANTS)('the %s edge, sent malformed requests', (kind) => {
  let lab: Lab;
  let port: number;
  let pid: number | undefined;
  let keysBefore: Set<string>;
  const gateway = () => lab.stack.app(`${kind}-gateway`);
  const send = (c: MalformedCase) =>
    rawExchange({ port, chunks: c.chunks, gapMs: c.gapMs, end: c.end, timeoutMs: CASE_LIMIT_MS });

  beforeAll(async () => {
    lab = await startLab(kind, SLOW_CLIENT_SETTINGS);
    port = Number(new URL(lab.stack.url).port);
    pid = gateway().pid;
    keysBefore = await allKeys(lab);
  }, 90_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('answers each with a 4xx or a close, writes nothing, and lives on', async () => {
    const corpus = malformedCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    const answers = await Promise.all(corpus.map(send));
    const wrong = corpus.flatMap((c, i) => {
      const why = wrongWith(answers[i]!);
      return why ? [`${c.kind}: ${c.name}: ${why}`] : [];
    });
    expect(wrong).toEqual([]);
    // Some cases must be answered, not only closed: the edge explains what it refused.
    expect(answers.filter((a) => a.status !== undefined && a.complete).length).toBeGreaterThan(
      corpus.length / 2,
    );

    const keysAfter = await allKeys(lab);
    expect([...keysAfter].filter((k) => !keysBefore.has(k))).toEqual([]);
    expect(gateway().running).toBe(true);
    expect(gateway().pid).toBe(pid);

    const started = performance.now();
    const good = await post(`${lab.stack.url}/checkout`, checkoutBody());
    expect(good.status).toBe(kind === 'async' ? 202 : 200);
    expect(performance.now() - started).toBeLessThan(PROMPT_MS * 5);
  });

  it('serves others at once while a client trickles its headers, and cuts that client in bounded time', async () => {
    let slowDone = false;
    const slow = rawExchange({
      port,
      chunks: [...'GET /livez HTTP/1.1\r\nHost: edge\r\n\r\n'],
      gapMs: 1_000,
      timeoutMs: CASE_LIMIT_MS,
    }).finally(() => (slowDone = true));
    const started = performance.now();
    const live = await fetch(`${lab.stack.url}/livez`);
    const servedMs = performance.now() - started;
    expect(live.status).toBe(200);
    expect(slowDone).toBe(false);
    expect(servedMs).toBeLessThan(PROMPT_MS);
    const cut = await slow;
    expect(cut.status).toBe(408);
    expect(JSON.parse(cut.body)).toMatchObject({ error: 'request_timeout' });
    expect(cut.ms).toBeLessThan(SLOW_CLIENT_SETTINGS.LAB_HTTP_HEADERS_TIMEOUT_MS + PROMPT_MS * 2);
    expect(gateway().pid).toBe(pid);
  });
});
