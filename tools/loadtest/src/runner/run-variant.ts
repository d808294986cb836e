import { Redis } from 'ioredis';
import type { Variant } from '@lab/domain';
import { Counters, reconcile } from '@lab/ledger';
import { CompletionTracker } from '../probes/completion-tracker.js';
import { EdgeClient, checkoutBody, type Answer } from '../load/edge-client.js';
import { openSchedule } from '../load/pacer.js';
import { PacedSender } from '../load/sender.js';
import { InFlight, LatencyRecorder, Timeline, ceilingOf, littlesLaw } from '../stats/latency-recorder.js';
import { CostMeter, type WatchedProcess } from '../probes/cost-meter.js';
import type { FaultWindow, VariantResult } from '../result/index.js';
import {
  BUSINESS_ERRORS,
  recoveryLimits,
  recoveryTime,
  runScenarioFaults,
  type FaultRunner,
  type OrderOutcome,
} from './fault-timeline.js';
import type { Scenario } from '../scenario/types.js';
import { timeUntilDone } from '../stats/time-until-done.js';

/** Connections of the tool's pool at most (undici opens them as needed). */
const MAX_CONNECTIONS = 8192;

export interface VariantTarget {
  readonly variant: Variant;
  /** The edge, e.g. http://127.0.0.1:8201 */
  readonly url: string;
  readonly redisUrl: string;
  /** The stack's namespace (its Redis keys and status channel). */
  readonly namespace: string;
  /** Work waiting in the brokers, or null when it cannot be read. */
  readonly backlog: () => Promise<number | null>;
  /** Injects the scenario's faults into this variant's processes and brokers. */
  readonly faults?: FaultRunner;
  /** The processes whose CPU and memory the run costs (pids read at start and end). */
  readonly processes?: () => readonly WatchedProcess[];
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
}

/**
 * Drives one variant with one scenario's workload, follows every order to
 * completion, waits for the system to drain, and reconciles the ledger.
 */
export async function runVariant(
  scenario: Scenario,
  target: VariantTarget,
  options: VariantRunOptions,
): Promise<VariantResult> {
  const w = scenario.workload;
  const intended =
    w.mode === 'open'
      ? openSchedule(w)
      : w.mode === 'burst'
        ? Array.from({ length: w.count }, () => 0)
        : [];
  const connections =
    w.mode === 'burst'
      ? w.count
      : w.mode === 'closed'
        ? w.users
        : // Enough for every request of an open loop to be in flight at once for
          // 8 s at the peak rate (a sync checkout of the seed profile is 3.65 s):
          // fewer would queue in the tool and be measured as the stack's latency.
          Math.min(MAX_CONNECTIONS, Math.max(64, Math.ceil(Math.max(w.rate, w.rampTo ?? 0) * 8)));
  const warmupMs = w.warmupS * 1000;
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
          steadyFromMs: warmupMs,
          steadyToMs: w.durationS * 1000,
        });
  const client = sender ? undefined : new EdgeClient(target.url, connections);
  const tracker = new CompletionTracker(target.redisUrl, target.namespace);
  await tracker.start();
  const redis = new Redis(target.redisUrl);
  redis.on('error', () => undefined); // a broker-down fault: commands wait for the reconnect
  const counters = new Counters(redis, target.namespace);
  const before = await counters.read();

  const accepted = new LatencyRecorder();
  const completed = new LatencyRecorder();
  const timeline = new Timeline(w.warmupS);
  const statuses: Record<string, number> = {};
  const errors: Record<string, number> = {};
  const orderIds: string[] = [];
  // Per order, for recovery after a fault: kept only when the scenario has faults.
  const outcomes: OrderOutcome[] = [];
  const outcomeOf = new Map<string, number>();
  const keepOutcomes = scenario.faults.length > 0;
  let sent = 0;
  // Time until done: confirmed orders against every steady request, kept only when asked.
  const doneMs: number[] | undefined = options.timeUntilDone ? [] : undefined;
  let steadySent = 0;
  let answered = 0;
  let latencySumMs = 0;
  let steadyAnswers = 0;
  const startedAt = new Date().toISOString();
  const meter = target.processes ? new CostMeter(target.processes) : undefined;
  const t0 = performance.now();
  const t0Epoch = Date.now();
  const faultsDone =
    scenario.faults.length && target.faults
      ? runScenarioFaults(scenario, target.variant, target.faults, t0Epoch, options.onFault)
      : Promise.resolve(plannedFaults(scenario));
  const since = (at: number) => at - t0;

  tracker.onComplete = (id, intendedAt, completedAt, status) => {
    const ms = completedAt - intendedAt;
    timeline.completed(since(completedAt), ms);
    if (since(intendedAt) >= warmupMs) completed.record(ms);
    if (doneMs && status === 'confirmed' && since(intendedAt) >= warmupMs) doneMs.push(ms);
    const i = outcomeOf.get(id);
    if (i !== undefined) outcomes[i] = { ...outcomes[i]!, completedMs: ms };
  };

  const onAnswer = (intendedAt: number, answer: Answer, sentAt: number, now: number) => {
    if (!sender) inFlightChanged(-1);
    answered++;
    const ms = now - intendedAt;
    const ok = answer.status >= 200 && answer.status < 300;
    const reason = ok ? undefined : (answer.reason ?? `http_${answer.status}`);
    timeline.answered(since(now), ms, reason);
    if (keepOutcomes) {
      if (answer.orderId) outcomeOf.set(answer.orderId, outcomes.length);
      outcomes.push({
        intendedS: since(intendedAt) / 1000,
        acceptedMs: ms,
        completedMs: null,
        ...(reason ? { error: reason } : {}),
      });
    }
    if (answer.orderId) {
      orderIds.push(answer.orderId);
      tracker.register(answer.orderId, intendedAt, now);
    }
    if (since(intendedAt) >= warmupMs) {
      accepted.record(ms);
      latencySumMs += now - sentAt;
      steadyAnswers++;
      const key = answer.status === 0 ? 'transport' : String(answer.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
      if (reason) errors[reason] = (errors[reason] ?? 0) + 1;
    }
  };

  if (sender) {
    sender.onAnswers = (answers) => {
      for (const a of answers) onAnswer(a.intendedAt, a.answer, a.sentAt, a.answeredAt);
    };
    // The sender's thread sends every request of the schedule.
    for (const at of intended) {
      if (at >= warmupMs) steadySent++;
      timeline.offered(at);
    }
  }
  const inFlightNow = () => (sender ? sender.inFlight : inFlight.count);
  const sentNow = () => (sender ? sender.sent : sent);

  // The number in flight, integrated over the steady window: the area under
  // the in-flight curve (from actual sends and answers), for Little's law.
  const steadyFrom = t0 + warmupMs;
  const steadyTo = t0 + w.durationS * 1000;
  const inFlight = new InFlight(steadyFrom, steadyTo, t0);
  const inFlightChanged = (delta: number) => inFlight.change(delta, performance.now());
  let second = 0;
  const perSecond = setInterval(() => {
    second++;
    void target
      .backlog()
      .then((b) =>
        timeline.sample(since(performance.now()) - 1, inFlightNow(), tracker.incomplete, b),
      );
    options.onProgress?.(
      `${scenario.name} · ${target.variant} #${options.repeat} · ${second}s · sent ${sentNow()} · answered ${answered} · in flight ${inFlightNow()} · incomplete ${tracker.incomplete}`,
    );
  }, 1000);

  const sendLag = new LatencyRecorder();
  if (w.mode === 'closed') {
    const end = t0 + w.durationS * 1000;
    let index = 0;
    await Promise.all(
      Array.from({ length: w.users }, async () => {
        while (performance.now() < end) {
          const at = performance.now();
          const i = index++;
          sent++;
          inFlightChanged(+1);
          timeline.offered(since(at));
          const answer = await client!.checkout(
            checkoutBody(i, scenario.mix, options.seed, options.catalogSize),
          );
          onAnswer(at, answer, at, performance.now());
        }
      }),
    );
    inFlightChanged(0);
  } else {
    // Send lag over the steady window, as every other measure of the run.
    (await sender!.go(t0)).forEach((lag, i) => {
      if (intended[i]! >= warmupMs) sendLag.record(lag);
    });
    // Let the run last its full length even if the schedule ended early (a burst).
    const remaining = w.durationS * 1000 - since(performance.now());
    if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));
  }
  // Every fault has ended (and its process is back) before the drain is judged.
  const faults = await faultsDone;

  const drainStarted = performance.now();
  while (inFlightNow() > 0 && performance.now() - drainStarted < scenario.drainTimeoutS * 1000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  // The sender's last answers are in before the tracker is asked to drain.
  const sending = await sender?.finish();

  const drained =
    (await tracker.drain(
      Math.max(0, scenario.drainTimeoutS * 1000 - (performance.now() - drainStarted)),
    )) && inFlightNow() === 0;
  // The brokers drain too: work still queued after the orders completed (a
  // late ack, a job not yet removed) is part of the run.
  let backlogLeft = await target.backlog();
  while (
    drained &&
    backlogLeft !== null &&
    backlogLeft > 0 &&
    performance.now() - drainStarted < scenario.drainTimeoutS * 1000
  ) {
    await new Promise((r) => setTimeout(r, 100));
    backlogLeft = await target.backlog();
  }
  timeline.sample(since(performance.now()), inFlightNow(), tracker.incomplete, backlogLeft);
  const drainMs = performance.now() - drainStarted;
  clearInterval(perSecond);
  const costOf = meter?.end();
  await client?.close();
  tracker.close();

  const rec = await reconcile(redis, target.namespace, orderIds);
  const cost = costOf?.(rec.confirmed);
  const after = await counters.read();
  redis.disconnect();

  const steadyS = w.durationS - w.warmupS;
  const limits = recoveryLimits(target.variant, scenario.timeScale);
  const points = timeline.points();
  const acceptedSummary = accepted.summary();
  const result: VariantResult = {
    variant: target.variant,
    repeat: options.repeat,
    startedAt,
    durationS: w.durationS,
    offeredRate: (intended.length || sentNow()) / w.durationS,
    achievedRate: steadyAnswers / steadyS,
    sent: sentNow(),
    answered,
    statuses,
    errorsByReason: errors,
    accepted: acceptedSummary,
    completed: completed.summary(),
    sendLag: sendLag.summary(),
    acceptedDistribution: accepted.distribution(),
    completedDistribution: completed.distribution(),
    // Little's law with W from the actual send (the area counts from the actual send too),
    // over the steady window; a burst has no steady state.
    littlesLaw:
      w.mode === 'burst'
        ? null
        : littlesLaw(
            (sending ? sending.inFlightArea : inFlight.area) / (steadyTo - steadyFrom),
            steadyAnswers / steadyS,
            steadyAnswers ? latencySumMs / steadyAnswers : 0,
          ),
    accounting: {
      ...rec,
      retries: after.retries - before.retries,
      redeliveries: after.redeliveries - before.redeliveries,
      deadLettered: after.deadLettered - before.deadLettered,
    },
    timeline: points,
    faults: faults.map((f) => {
      if (!f.executed) return f;
      const next = Math.min(
        ...faults
          .filter((g) => g.appliedAtS !== undefined && g.appliedAtS > (f.appliedAtS ?? Infinity))
          .map((g) => g.appliedAtS!),
      );
      const { recoveryS, why } = recoveryTime(outcomes, points, f, limits, next);
      return { ...f, recoveryS, ...(why ? { recoveryNote: why } : {}) };
    }),
    ...(scenario.faults.length ? { recoveryLimits: limits } : {}),
    ...(cost ? { cost } : {}),
    ...(scenario.ceiling
      ? {
          ceiling: ceilingOf(points, scenario.ceiling.acceptedP99Ms, BUSINESS_ERRORS, w.durationS),
        }
      : {}),
    drained,
    drainMs,
    ...(doneMs ? { timeUntilDone: timeUntilDone(doneMs, steadySent) } : {}),
  };
  for (const r of [accepted, completed, sendLag]) r.destroy();
  return result;
}

/** Fault windows of a scenario when nothing can inject them. */
export function plannedFaults(scenario: Scenario): FaultWindow[] {
  return scenario.faults.map((f) => ({
    ...f,
    executed: false,
    note: 'not executed: no fault injector for this run',
  }));
}
