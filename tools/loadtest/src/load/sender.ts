import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Answer } from './edge-client.js';
import type { ThreadPriority } from './thread-priority.js';
import type { RequestMix } from '../scenario/types.js';
import type { LatencySummary } from '../result/index.js';

/**
 * The worker's script, compiled: tests that run this file from source use
 * the build too (as the transport peer does), since a worker cannot load
 * TypeScript.
 */
const WORKER_SCRIPT = fileURLToPath(new URL('../../dist/load/sender-worker.js', import.meta.url));

/**
 * This process's flags for the worker, less the `@lab/source` condition
 * (tests run with it): the worker is compiled JavaScript and imports the
 * workspace's compiled packages, not their TypeScript.
 */
function compiledExecArgv(): string[] {
  const flags = process.execArgv;
  const kept: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    if ((flag === '--conditions' || flag === '-C') && flags[i + 1] === '@lab/source') i++;
    else if (flag !== '--conditions=@lab/source') kept.push(flag);
  }
  return kept;
}

/** What the sender's thread needs: where, how many connections, when, and what to send. */
export interface SenderPlan {
  readonly url: string;
  readonly connections: number;
  /** When each request is meant to leave, ms after the start. */
  readonly intended: readonly number[];
  readonly request:
    | {
        readonly kind: 'checkout';
        readonly mix: RequestMix;
        readonly seed: number;
        readonly catalogSize: number;
      }
    /** A GET whose answers are only counted (benchmarks of the tool itself). */
    | { readonly kind: 'get'; readonly path: string };
  /** The steady window, ms after the start, over which the in-flight area is integrated. */
  readonly steadyFromMs: number;
  readonly steadyToMs: number;
  /** performance.timeOrigin of the main thread: the worker reports times on its clock. */
  readonly mainTimeOrigin: number;
}

/** One answer: index, intended, sent, answered (main clock, ms), status, order id, reason, pool wait. */
export type WireAnswer = [
  number,
  number,
  number,
  number,
  number,
  string | null,
  string | null,
  number | null,
];

/** What the sender thread's priority could be raised to. */
export type SenderPriority = ThreadPriority;

export type ToWorker = { type: 'go'; t0: number } | { type: 'finish' };

export type ToMain =
  | { type: 'ready'; priority: SenderPriority }
  | { type: 'answers'; sent: number; answered: number; answers: WireAnswer[] }
  | { type: 'scheduled'; lags: Float64Array }
  | {
      type: 'finished';
      sent: number;
      answered: number;
      inFlightArea: number;
      /** GET plans: latency from the intended time (steady window), and statuses. */
      latency?: LatencySummary;
      statuses?: Record<string, number>;
    };

export interface SentAnswer {
  readonly index: number;
  readonly intendedAt: number;
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly answer: Answer;
}

export interface SenderResult {
  readonly sent: number;
  readonly answered: number;
  /** In flight integrated over the steady window (ms × requests), from the actual sends and answers. */
  readonly inFlightArea: number;
  readonly latency?: LatencySummary;
  readonly statuses?: Record<string, number>;
}

/**
 * An open-loop sender on its own thread: the pacer and the HTTP pool run
 * there, away from the tool's other work, and every time it reports (intended,
 * sent, answered) is on the main thread's performance.now() clock. Answers
 * arrive in batches; their times are the worker's, not the batch's.
 */
export class PacedSender {
  private sentCount = 0;
  private answeredCount = 0;
  private scheduled: Promise<Float64Array>;
  private resolveScheduled!: (lags: Float64Array) => void;
  private finished: ((r: SenderResult) => void) | undefined;
  private failed: ((e: Error) => void)[] = [];
  onAnswers: ((answers: readonly SentAnswer[]) => void) | undefined;

  private constructor(
    private readonly worker: Worker,
    /**
     * The sender thread's priority: real-time (SCHED_FIFO 1) where allowed and
     * the schedule is at most 2,000/s, else nice -10 where allowed, else default.
     */
    readonly priority: SenderPriority,
  ) {
    this.scheduled = new Promise((resolve, reject) => {
      this.resolveScheduled = resolve;
      this.failed.push(reject);
    });
    // A run that fails midway must not be kept alive by its sender.
    worker.unref();
    this.scheduled.catch(() => undefined);
    worker.on('message', (m: ToMain) => this.receive(m));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`the sender thread exited (${code})`)));
  }

  /** Starts the thread and waits until it can send. */
  static async start(plan: Omit<SenderPlan, 'mainTimeOrigin'>): Promise<PacedSender> {
    const worker = new Worker(WORKER_SCRIPT, {
      execArgv: compiledExecArgv(),
      workerData: { ...plan, mainTimeOrigin: performance.timeOrigin } satisfies SenderPlan,
    });
    const priority = await new Promise<SenderPriority>((resolve, reject) => {
      const onMessage = (m: ToMain) => {
        if (m.type !== 'ready') return;
        worker.off('message', onMessage);
        resolve(m.priority);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the sender thread exited (${code})`)));
    });
    return new PacedSender(worker, priority);
  }

  /** Requests sent so far (as last reported). */
  get sent(): number {
    return this.sentCount;
  }

  /** Sent and not answered yet (as last reported). */
  get inFlight(): number {
    return this.sentCount - this.answeredCount;
  }

  /** Starts the schedule at `t0` (main clock); resolves with each send's lag once all are sent. */
  go(t0: number): Promise<Float64Array> {
    this.worker.postMessage({ type: 'go', t0 } satisfies ToWorker);
    return this.scheduled;
  }

  /** Ends the run: the last answers are delivered first; requests still unanswered stay so. */
  async finish(): Promise<SenderResult> {
    const result = new Promise<SenderResult>((resolve, reject) => {
      this.finished = resolve;
      this.failed.push(reject);
    });
    this.worker.postMessage({ type: 'finish' } satisfies ToWorker);
    const r = await result;
    this.failed = [];
    await this.worker.terminate();
    return r;
  }

  /** Stops the thread without waiting for anything (after an error). */
  async terminate(): Promise<void> {
    this.failed = [];
    await this.worker.terminate();
  }

  private receive(m: ToMain): void {
    if (m.type === 'answers') {
      this.sentCount = m.sent;
      this.answeredCount = m.answered;
      if (m.answers.length && this.onAnswers) {
        this.onAnswers(
          m.answers.map(
            ([index, intendedAt, sentAt, answeredAt, status, orderId, reason, poolWaitMs]) => ({
              index,
              intendedAt,
              sentAt,
              answeredAt,
              answer: {
                status,
                ...(orderId !== null ? { orderId } : {}),
                ...(reason !== null ? { reason } : {}),
                ...(poolWaitMs !== null ? { poolWaitMs } : {}),
              },
            }),
          ),
        );
      }
    } else if (m.type === 'scheduled') {
      this.resolveScheduled(m.lags);
    } else if (m.type === 'finished') {
      this.sentCount = m.sent;
      this.answeredCount = m.answered;
      this.finished?.(m);
    }
  }

  private fail(error: Error): void {
    for (const reject of this.failed.splice(0)) reject(error);
  }
}
