/**
 * The open-loop sender's thread (see sender.ts): the pacer and the HTTP pool,
 * and nothing else, so no work of the tool's main thread (following orders,
 * sampling brokers, collecting garbage of a large heap) makes a send late or
 * an answer's time wrong. Times go to the main thread on its clock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Alarm } from './alarm.js';
import { EdgeClient, checkoutBody, type Answer } from './edge-client.js';
import { OpenLoop, atomicsNap } from './pacer.js';
import { InFlight, LatencyRecorder } from '../stats/latency-recorder.js';
import { raiseThreadPriority } from './thread-priority.js';
import type { SenderPlan, SenderPriority, ToMain, ToWorker, WireAnswer } from './sender.js';

/**
 * Above this rate (requests/s) the thread is busy nearly all the time, and
 * the kernel takes 50 ms of every second from a real-time task that never
 * sleeps (its fair server), so a nice value keeps the schedule better there
 * (docs/performance.md, "The load tool's own precision"). The scenarios run
 * far below it.
 */
const REALTIME_MAX_RATE = 2000;

/** The highest rate of a schedule, over any 100 consecutive sends (per second). */
function peakRate(intended: readonly number[]): number {
  const span = Math.min(100, intended.length - 1);
  let peak = 0;
  for (let i = 0; i + span < intended.length; i++) {
    const ms = intended[i + span]! - intended[i]!;
    peak = Math.max(peak, ms > 0 ? (span * 1000) / ms : Infinity);
  }
  return peak;
}

/**
 * Puts this thread (only) ahead of the stacks it loads, so a busy machine
 * delays their work rather than the schedule and the reading of answers
 * (thread-priority.ts). The thread only sends and reads answers, and sleeps
 * otherwise, and is one thread: the other core stays the stacks'. Schedules
 * faster than REALTIME_MAX_RATE get the nice value.
 */
const REALTIME: SenderPriority = 'real-time (SCHED_FIFO 1)';

function raisePriority(): SenderPriority {
  return raiseThreadPriority(peakRate(plan.intended) <= REALTIME_MAX_RATE);
}

/**
 * How often answers go to the main thread: each carries its own times, so this
 * only delays accounting. While the schedule runs they go when this thread is
 * awake anyway (a send, an answer) and this long has passed: a timer of its own
 * would wake the thread (and the main thread) a hundred times a second, each
 * wake-up costing about what a request does (docs/performance.md). A schedule
 * slower than this is accounted at its next send or answer.
 */
const FLUSH_MS = 10;

const plan = workerData as SenderPlan;
const port = parentPort!;
// performance.now() of this thread + shift = performance.now() of the main thread.
const shift = performance.timeOrigin - plan.mainTimeOrigin;
const client = new EdgeClient(plan.url, plan.connections);
const latencies = plan.request.kind === 'get' ? new LatencyRecorder() : undefined;
const statuses: Record<string, number> = {};

let sent = 0;
let answered = 0;
let batch: WireAnswer[] = [];
// In flight, integrated over the steady window (main clock) for Little's law: set by `go`.
let inFlight = new InFlight(0, 0);
let steadyFrom = 0;

const post = (message: ToMain) => port.postMessage(message);

let postedSent = 0;
let postedAnswered = 0;
let flushedAt = 0;
/** Answers and counts to the main thread, when there is anything new. */
function flush(): void {
  if (batch.length === 0 && sent === postedSent && answered === postedAnswered) return;
  post({ type: 'answers', sent, answered, answers: batch });
  flushedAt = performance.now();
  batch = [];
  postedSent = sent;
  postedAnswered = answered;
}

/** A flush if one is due, from a thread awake for something else. */
function flushIfDue(): void {
  if (performance.now() - flushedAt >= FLUSH_MS) flush();
}

function answeredNow(index: number, intendedAt: number, sentAt: number, answer: Answer): void {
  const at = performance.now() + shift;
  answered++;
  inFlight.change(-1, at);
  if (latencies) {
    // Warm-up (connections, JIT) is not measured, as in a scenario.
    if (intendedAt >= steadyFrom) latencies.record(at - intendedAt);
    const key = answer.status === 0 ? 'transport' : String(answer.status);
    statuses[key] = (statuses[key] ?? 0) + 1;
  } else {
    batch.push([
      index,
      intendedAt,
      sentAt,
      at,
      answer.status,
      answer.orderId ?? null,
      answer.reason ?? null,
      answer.poolWaitMs ?? null,
    ]);
  }
  // A send due while answers were being read leaves now, not after the batch.
  pacer?.pump();
  flushIfDue();
}

async function go(t0: number): Promise<void> {
  steadyFrom = t0 + plan.steadyFromMs;
  inFlight = new InFlight(steadyFrom, t0 + plan.steadyToMs, t0);
  const request = plan.request;
  pacer = new OpenLoop(
    plan.intended,
    (index, due) => {
      const intendedAt = due + shift;
      const sentAt = performance.now() + shift;
      sent++;
      inFlight.change(+1, sentAt);
      if (request.kind === 'get') {
        void client
          .get(request.path)
          .then((status) => answeredNow(index, intendedAt, sentAt, { status }));
      } else {
        void client
          .checkout(checkoutBody(index, request.mix, request.seed, request.catalogSize))
          .then((answer) => answeredNow(index, intendedAt, sentAt, answer));
      }
      flushIfDue();
    },
    { start: t0 - shift, nap: atomicsNap(), ...(alarm ? { alarm } : {}) },
  );
  const lags = await pacer.run();
  await alarm?.stop();
  // Counts first: once 'scheduled' is in, the main thread's in-flight count includes every send.
  flush();
  post({ type: 'scheduled', lags: Float64Array.from(lags) });
  // No sends left to flush at: the last answers go on a timer.
  const timer = setInterval(flush, FLUSH_MS);
  finishing = () => {
    clearInterval(timer);
    inFlight.change(0, performance.now() + shift);
    flush();
    post({
      type: 'finished',
      sent,
      answered,
      inFlightArea: inFlight.area,
      ...(latencies ? { latency: latencies.summary(), statuses } : {}),
    });
  };
}

let pacer: OpenLoop | undefined;
let finishing: (() => void) | undefined;
port.on('message', (message: ToWorker) => {
  if (message.type === 'go') void go(message.t0);
  // The main thread asks only after 'scheduled', when `finishing` is set.
  else if (message.type === 'finish') finishing?.();
});
const priority = raisePriority();
/**
 * The alarm wakes this thread for each send, which pays only when the thread
 * then runs at once: real-time. At a nice value a woken thread waits for the
 * running task's slice (milliseconds on a busy machine), so there the pacer
 * naps and yields instead, and stays runnable.
 */
const alarm = priority === REALTIME ? await Alarm.start(plan.intended) : undefined;
post({ type: 'ready', priority });
