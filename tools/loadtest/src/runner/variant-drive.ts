import type { RedisEndpoint } from '@lab/config';
/**
 * How a variant's run is driven: the load planned and sent (an open loop or
 * a burst from the sender's thread, a closed loop here), every answer
 * recorded and its order followed, the per-second samples, and the drain
 * after the load.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Variant } from '@lab/domain';
import { EdgeClient, checkoutBody, type Answer } from '../load/edge-client.js';
import { openSchedule } from '../load/pacer.js';
import { PacedSender } from '../load/sender.js';
import { CompletionTracker } from '../probes/completion-tracker.js';
import type { WatchedProcess } from '../probes/cost-meter.js';
import type { Arrivals } from '../result/index.js';
import type { Scenario, Workload } from '../scenario/types.js';
import type { FaultRunner } from './remote-faults.js';
import type { RunTracing } from './trace-run.js';
import type { VariantRecorder } from './variant-recorder.js';

const MS_PER_S = 1000;
/** Connections of the tool's pool at most (it opens them as needed). */
const MAX_CONNECTIONS = 8192;
/** An open loop's pool at least. */
const MIN_CONNECTIONS = 64;
/**
 * An open loop's pool holds every request of this many seconds at the peak
 * rate in flight at once (a sync checkout of the seed profile is 3.65 s):
 * fewer would queue in the tool and be measured as the stack's latency.
 */
const CONNECTION_SECONDS = 8;
/** How often the drain looks again at requests in flight and at the brokers' backlog. */
const IN_FLIGHT_POLL_MS = 20;
const BACKLOG_POLL_MS = 100;

export interface VariantTarget {
  readonly variant: Variant;
  /** The edge, e.g. http://127.0.0.1:8201 */
  readonly url: string;
  readonly redisUrl: string;
  /** The whole endpoint, when Redis is behind Sentinels: the tool follows a failover too. */
  readonly redis?: RedisEndpoint;
  /** The stack's namespace (its Redis keys and status channel). */
  readonly namespace: string;
  /** Work waiting in the brokers, or null when it cannot be read. */
  readonly backlog: () => Promise<number | null>;
  /**
   * Charging by webhook: what the payment provider still owes the stack
   * (events to deliver, charges and refunds to settle), or null when unreadable.
   */
  readonly providerBacklog?: () => Promise<number | null>;
  /** Injects the scenario's faults into this variant's processes and brokers. */
  readonly faults?: FaultRunner;
  /** The processes whose CPU and memory the run costs (pids read at start and end). */
  readonly processes?: () => readonly WatchedProcess[];
  /** How many variants the tool drives at once: its own CPU is shared by them. */
  readonly toolShare?: number;
}

export interface VariantRunOptions {
  readonly seed: number;
  readonly catalogSize: number;
  readonly repeat: number;
  /** Called once per second with progress, for the display. */
  readonly onProgress?: (line: string) => void;
  /** Called when a fault has run, with a line saying what happened. */
  readonly onFault?: (line: string) => void;
  /** Also measure time until done against every request offered (the crossover grid). */
  readonly timeUntilDone?: boolean;
  /** The stack traces to this collector: draw where its orders' time went. */
  readonly tracing?: RunTracing;
}

/** When each request of the workload is meant to leave (ms after the start), and the pool it needs. */
export function loadPlan(
  w: Workload,
  arrivals?: Arrivals,
  seed?: number,
): { intended: number[]; connections: number } {
  if (w.mode === 'open') {
    const burst = arrivals?.process === 'bursty' ? arrivals.onRate : 0;
    const peak = Math.max(w.rate, w.rampTo ?? 0, burst);
    const wanted = Math.max(MIN_CONNECTIONS, Math.ceil(peak * CONNECTION_SECONDS));
    return {
      intended: openSchedule(w, arrivals, seed),
      connections: Math.min(MAX_CONNECTIONS, wanted),
    };
  }
  if (w.mode === 'burst')
    return { intended: Array.from({ length: w.count }, () => 0), connections: w.count };
  return { intended: [], connections: w.users };
}

/** Everything a run holds open while it runs, and how it reads what is in flight and sent. */
export interface Run {
  readonly scenario: Scenario;
  readonly target: VariantTarget;
  readonly options: VariantRunOptions;
  readonly rec: VariantRecorder;
  readonly tracker: CompletionTracker;
  readonly intended: readonly number[];
  readonly sender: PacedSender | undefined;
  readonly client: EdgeClient | undefined;
  /** The closed loop's count of sends. */
  sent: number;
}

export const inFlightNow = (run: Run) =>
  run.sender ? run.sender.inFlight : run.rec.inFlight.count;
export const sentNow = (run: Run) => (run.sender ? run.sender.sent : run.sent);

/** N users, each sending again as soon as answered, until the run's end. */
async function closedLoop(run: Run, users: number, t0: number): Promise<void> {
  const { scenario, options, rec } = run;
  const end = t0 + scenario.workload.durationS * MS_PER_S;
  let index = 0;
  await Promise.all(
    Array.from({ length: users }, async () => {
      while (performance.now() < end) {
        const at = performance.now();
        const i = index++;
        run.sent++;
        rec.inFlight.change(+1, performance.now());
        rec.timeline.offered(rec.since(at));
        const answer = await run.client!.checkout(
          checkoutBody(i, scenario.mix, options.seed, options.catalogSize),
        );
        rec.inFlight.change(-1, performance.now());
        onAnswer(run, at, answer, at, performance.now());
      }
    }),
  );
  rec.inFlight.change(0, performance.now());
}

/** Every answer and every completion of the run goes to its recorder; the schedule is offered. */
export function listen(run: Run): void {
  const { rec, sender, tracker } = run;
  tracker.onComplete = (id, intendedAt, completedAt, status) =>
    rec.completion(id, intendedAt, completedAt, status);
  if (!sender) return;
  sender.onAnswers = (answers) => {
    for (const a of answers) onAnswer(run, a.intendedAt, a.answer, a.sentAt, a.answeredAt);
  };
  rec.offeredSchedule(run.intended);
}

function onAnswer(run: Run, intendedAt: number, answer: Answer, sentAt: number, now: number): void {
  run.rec.answer(intendedAt, answer, sentAt, now);
  if (answer.orderId) run.tracker.register(answer.orderId, intendedAt, now);
}

/** The load of the run, sent: the closed loop here, an open loop or a burst from the sender's thread. */
export async function drive(run: Run, t0: number): Promise<void> {
  const w = run.scenario.workload;
  if (w.mode === 'closed') return closedLoop(run, w.users, t0);
  run.rec.lags(await run.sender!.go(t0), run.intended);
  // Let the run last its full length even if the schedule ended early (a burst).
  const remaining = w.durationS * MS_PER_S - run.rec.since(performance.now());
  if (remaining > 0) await sleep(remaining);
}

/** Reads `read` again until it answers 0 or null (unreadable), or `more` says stop; the last answer. */
async function untilIdle(
  read: () => Promise<number | null>,
  more: () => boolean,
): Promise<number | null> {
  let value = await read();
  while (value !== null && value > 0 && more()) {
    await sleep(BACKLOG_POLL_MS);
    value = await read();
  }
  return value;
}

/**
 * After the load: the answers still due, then the orders, then the brokers'
 * backlog (a late ack, a job not yet removed is part of the run), then the
 * payment provider's (a refund or a late charge's event still on its way),
 * all within the scenario's drain timeout. Returns whether everything drained.
 */
export async function drain(
  run: Run,
): Promise<{ drained: boolean; drainMs: number; inFlightArea: number }> {
  const started = performance.now();
  const timeoutMs = run.scenario.drainTimeoutS * MS_PER_S;
  const left = () => timeoutMs - (performance.now() - started);
  while (inFlightNow(run) > 0 && left() > 0) await sleep(IN_FLIGHT_POLL_MS);
  // The sender's last answers are in before the tracker is asked to drain.
  const sending = await run.sender?.finish();
  const drained = (await run.tracker.drain(Math.max(0, left()))) && inFlightNow(run) === 0;
  const more = () => drained && left() > 0;
  let backlog = await untilIdle(run.target.backlog, more);
  // A provider's event can start more work in the brokers: then they are read again.
  const provider = run.target.providerBacklog;
  if (provider && (await untilIdle(provider, more)) === 0)
    backlog = await untilIdle(run.target.backlog, more);
  const { rec } = run;
  rec.timeline.sample(
    rec.since(performance.now()),
    inFlightNow(run),
    run.tracker.incomplete,
    backlog,
  );
  return {
    drained,
    drainMs: performance.now() - started,
    inFlightArea: sending ? sending.inFlightArea : rec.inFlight.area,
  };
}

/** A second's sample of the timeline (its backlog read from the brokers) and the progress line. */
export function everySecond(run: Run): () => void {
  let second = 0;
  const { rec, target, scenario, options, tracker } = run;
  const timer = setInterval(() => {
    second++;
    // A millisecond back: the sample belongs to the second that just ended.
    void target
      .backlog()
      .then((b) =>
        rec.timeline.sample(
          rec.since(performance.now()) - 1,
          inFlightNow(run),
          tracker.incomplete,
          b,
        ),
      );
    options.onProgress?.(
      `${scenario.name} · ${target.variant} #${options.repeat}${options.tracing ? ' traced' : ''} · ${second}s · sent ${sentNow(run)} · answered ${rec.answered} · in flight ${inFlightNow(run)} · incomplete ${tracker.incomplete}`,
    );
  }, MS_PER_S);
  return () => clearInterval(timer);
}

/** Starts what the run sends and follows with: the sender's thread (or a pool), the tracker. */
export async function openRun(
  scenario: Scenario,
  target: VariantTarget,
  options: VariantRunOptions,
): Promise<Omit<Run, 'rec'>> {
  const w = scenario.workload;
  const { intended, connections } = loadPlan(w, scenario.arrivals, options.seed);
  // An open loop (and a burst) is sent from its own thread; a closed loop
  // waits for each answer anyway, so it stays on this one.
  const sender =
    w.mode === 'closed'
      ? undefined
      : await PacedSender.start({
          url: target.url,
          connections,
          intended,
          request: {
            kind: 'checkout',
            mix: scenario.mix,
            seed: options.seed,
            catalogSize: options.catalogSize,
          },
          steadyFromMs: w.warmupS * MS_PER_S,
          steadyToMs: w.durationS * MS_PER_S,
        });
  const client = sender ? undefined : new EdgeClient(target.url, connections);
  const tracker = new CompletionTracker(target.redis ?? target.redisUrl, target.namespace);
  await tracker.start();
  return { scenario, target, options, tracker, intended, sender, client, sent: 0 };
}
