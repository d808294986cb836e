/**
 * What one variant's run records as it goes, on the tool's own clock: every
 * answer (latency from the intended send, status, reason), every completion,
 * the per-second timeline, the orders to reconcile, and what recovery after
 * a fault and the crossover's time until done need of each order.
 */
import type { OrderStatus } from '@lab/domain';
import type { Answer } from '../load/edge-client.js';
import type { PoolMeasure, VariantRun } from '../result/index.js';
import { InFlight, LatencyRecorder, littlesLaw, Timeline } from '../stats/latency-recorder.js';
import { timeUntilDone } from '../stats/time-until-done.js';
import type { OrderOutcome } from '../analysis/recovery.js';
import type { OrderTimes } from '../analysis/trace-picks.js';

const MS_PER_S = 1000;
/** The reason of a 503 the edge's pool refused (SaturatedError's code). */
const SATURATED = 'saturated';

export interface RecorderOptions {
  /** performance.now() at the start of the run. */
  readonly t0: number;
  readonly warmupS: number;
  readonly durationS: number;
  /** Keep each order's outcome, for recovery after a fault. */
  readonly keepOutcomes: boolean;
  /** Keep each confirmed order's time until done, for the crossover grid. */
  readonly timeUntilDone: boolean;
  /** Keep each steady confirmed order's two latencies, to pick the traced ones to draw. */
  readonly keepOrderTimes?: boolean;
}

export class VariantRecorder {
  readonly accepted = new LatencyRecorder();
  readonly completed = new LatencyRecorder();
  readonly sendLag = new LatencyRecorder();
  /** Steady admitted checkouts' waits for a slot of the edge's pool, and the pool's refusals. */
  readonly poolWait = new LatencyRecorder();
  private poolWaited = 0;
  private poolRefused = 0;
  private serviceSum = 0;
  private serviceSquares = 0;
  readonly timeline: Timeline;
  readonly statuses: Record<string, number> = {};
  readonly errors: Record<string, number> = {};
  readonly orderIds: string[] = [];
  readonly outcomes: OrderOutcome[] = [];
  /** Steady confirmed orders' latencies (with `keepOrderTimes`), in the order they completed. */
  readonly orderTimes: OrderTimes[] = [];
  private readonly acceptedOf = new Map<string, number>();
  /**
   * The number in flight, integrated over the steady window: the area under
   * the in-flight curve (from actual sends and answers), for Little's law.
   * The sender's thread keeps its own; this one is the closed loop's.
   */
  readonly inFlight: InFlight;
  answered = 0;
  steadyAnswers = 0;
  /** Requests of the schedule meant to leave in the steady window. */
  steadySent = 0;
  private latencySumMs = 0;
  private readonly outcomeOf = new Map<string, number>();
  private readonly doneMs: number[] | undefined;
  private readonly warmupMs: number;

  constructor(private readonly options: RecorderOptions) {
    this.timeline = new Timeline(options.warmupS);
    this.warmupMs = options.warmupS * MS_PER_S;
    this.doneMs = options.timeUntilDone ? [] : undefined;
    this.inFlight = new InFlight(this.steadyFrom, this.steadyTo, options.t0);
  }

  get steadyFrom(): number {
    return this.options.t0 + this.warmupMs;
  }

  get steadyTo(): number {
    return this.options.t0 + this.options.durationS * MS_PER_S;
  }

  /** ms since the start of the run. */
  since(at: number): number {
    return at - this.options.t0;
  }

  private steady(intendedAt: number): boolean {
    return this.since(intendedAt) >= this.warmupMs;
  }

  /** The schedule the sender's thread will send: offered per second, and the steady requests. */
  offeredSchedule(intended: readonly number[]): void {
    for (const at of intended) {
      if (at >= this.warmupMs) this.steadySent++;
      this.timeline.offered(at);
    }
  }

  /** An order reached its terminal state, with every effect applied when confirmed. */
  completion(id: string, intendedAt: number, completedAt: number, status: OrderStatus): void {
    const ms = completedAt - intendedAt;
    this.timeline.completed(this.since(completedAt), ms);
    if (this.steady(intendedAt)) this.completed.record(ms);
    if (this.doneMs && status === 'confirmed' && this.steady(intendedAt)) this.doneMs.push(ms);
    const acceptedMs = this.acceptedOf.get(id);
    if (acceptedMs !== undefined && status === 'confirmed' && this.steady(intendedAt))
      this.orderTimes.push({ orderId: id, acceptedMs, completedMs: ms });
    this.acceptedOf.delete(id);
    const i = this.outcomeOf.get(id);
    if (i !== undefined) this.outcomes[i] = { ...this.outcomes[i]!, completedMs: ms };
  }

  /** An answer came; returns the order id to follow, if there is one. */
  answer(intendedAt: number, answer: Answer, sentAt: number, now: number): void {
    this.answered++;
    const ms = now - intendedAt;
    const ok = answer.status >= 200 && answer.status < 300;
    const reason = ok ? undefined : (answer.reason ?? `http_${answer.status}`);
    this.timeline.answered(this.since(now), ms, reason);
    if (this.options.keepOutcomes) {
      if (answer.orderId) this.outcomeOf.set(answer.orderId, this.outcomes.length);
      this.outcomes.push({
        intendedS: this.since(intendedAt) / MS_PER_S,
        acceptedMs: ms,
        completedMs: null,
        ...(reason ? { error: reason } : {}),
        ...(answer.orderId ? { orderId: answer.orderId } : {}),
      });
    }
    if (answer.orderId) this.orderIds.push(answer.orderId);
    if (answer.orderId && this.options.keepOrderTimes) this.acceptedOf.set(answer.orderId, ms);
    if (!this.steady(intendedAt)) return;
    this.accepted.record(ms);
    this.latencySumMs += now - sentAt;
    this.steadyAnswers++;
    const key = answer.status === 0 ? 'transport' : String(answer.status);
    this.statuses[key] = (this.statuses[key] ?? 0) + 1;
    if (reason) this.errors[reason] = (this.errors[reason] ?? 0) + 1;
    if (answer.poolWaitMs !== undefined) {
      this.poolWait.record(answer.poolWaitMs);
      if (answer.poolWaitMs > 0) this.poolWaited++;
      const service = Math.max(0, ms - answer.poolWaitMs);
      this.serviceSum += service;
      this.serviceSquares += service * service;
    }
    if (reason === SATURATED) this.poolRefused++;
  }

  /** The pool's figures; undefined when no answer came through one (the async edge has none). */
  private pool(): PoolMeasure | undefined {
    const admitted = this.poolWait.count;
    if (admitted === 0) return undefined;
    const refused = this.poolRefused;
    const meanMs = this.serviceSum / admitted;
    const variance = Math.max(0, this.serviceSquares / admitted - meanMs * meanMs);
    return {
      admitted,
      waited: this.poolWaited,
      refused,
      pWait: this.poolWaited / admitted,
      refusedShare: refused / (admitted + refused),
      wait: this.poolWait.summary(),
      service: { meanMs, cv2: meanMs > 0 ? variance / (meanMs * meanMs) : 0 },
    };
  }

  /** Send lags of the schedule, the steady window's only, as every other measure of the run. */
  lags(lags: ArrayLike<number>, intended: readonly number[]): void {
    for (let i = 0; i < lags.length; i++)
      if (intended[i]! >= this.warmupMs) this.sendLag.record(lags[i]!);
  }

  /**
   * The measures of the run. Little's law with W from the actual send (the
   * area counts from the actual send too), over the steady window; a burst
   * has no steady state.
   */
  measures(
    burst: boolean,
    inFlightArea: number,
  ): Pick<
    VariantRun,
    | 'achievedRate'
    | 'answered'
    | 'statuses'
    | 'errorsByReason'
    | 'accepted'
    | 'completed'
    | 'sendLag'
    | 'acceptedDistribution'
    | 'completedDistribution'
    | 'littlesLaw'
    | 'timeUntilDone'
    | 'pool'
    | 'histograms'
  > {
    const steadyS = this.options.durationS - this.options.warmupS;
    const rate = this.steadyAnswers / steadyS;
    const pool = this.pool();
    return {
      achievedRate: rate,
      answered: this.answered,
      statuses: this.statuses,
      errorsByReason: this.errors,
      accepted: this.accepted.summary(),
      completed: this.completed.summary(),
      sendLag: this.sendLag.summary(),
      acceptedDistribution: this.accepted.distribution(),
      completedDistribution: this.completed.distribution(),
      histograms: {
        unit: 'us',
        accepted: this.accepted.encoded(),
        completed: this.completed.encoded(),
      },
      littlesLaw: burst
        ? null
        : littlesLaw(
            inFlightArea / (this.steadyTo - this.steadyFrom),
            rate,
            this.steadyAnswers ? this.latencySumMs / this.steadyAnswers : 0,
          ),
      ...(this.doneMs ? { timeUntilDone: timeUntilDone(this.doneMs, this.steadySent) } : {}),
      ...(pool ? { pool } : {}),
    };
  }

  destroy(): void {
    for (const r of [this.accepted, this.completed, this.sendLag, this.poolWait]) r.destroy();
  }
}
