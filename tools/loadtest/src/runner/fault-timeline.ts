/**
 * Faults on a run's timeline: resolved against the variant under test,
 * applied at their planned second through an injector (the tool's own
 * processes, or the control endpoints of stacks started by `nx run-many`),
 * and recorded with the times they took effect.
 */
import type { Variant } from '@lab/domain';
import {
  describeFault,
  isLinkFault,
  isLinkFaultKind,
  type AnyFaultRecord,
  type AnyFaultRequest,
  type LinkFaultKind,
  type LinkFaultRecord,
} from '@lab/faults';
import type { FaultWindow } from '../result/index.js';
import type { FaultSpec, Scenario } from '../scenario/types.js';
import { BROKERS, type FaultRunner } from './remote-faults.js';

/** `notification` in the async variant is the app `async-notification`; brokers keep their names. */
export function faultTargetName(target: string, variant: Variant): string {
  return BROKERS.has(target) || target.includes('-') ? target : `${variant}-${target}`;
}

/**
 * A link fault's target in a variant's stack: `*` is every link of the
 * stack, and each name of `gateway->payment` (or of a comma list) is the
 * variant's process, as for any fault.
 */
export function linkTargetName(target: string, variant: Variant): string {
  if (target === '*') return variant;
  const names = (side: string) =>
    side
      .split(',')
      .map((n) => faultTargetName(n.trim(), variant))
      .join(',');
  return target.split('->').map(names).join('->');
}

/** What the injector is asked for a planned fault, in the variant's names. */
function requestFor(f: FaultSpec, variant: Variant): AnyFaultRequest {
  const common = { durationMs: Math.round(f.durationS * 1000) };
  if (isLinkFaultKind(f.kind))
    return {
      ...common,
      target: linkTargetName(f.target, variant),
      kind: f.kind,
      ...(f.direction ? { direction: f.direction } : {}),
      ...(f.addMs !== undefined ? { addMs: f.addMs } : {}),
      ...(f.jitterMs !== undefined ? { jitterMs: f.jitterMs } : {}),
      ...(f.rateKBps !== undefined ? { rateKBps: f.rateKBps } : {}),
      ...(f.delayMs !== undefined ? { delayMs: f.delayMs } : {}),
    };
  return {
    ...common,
    target: faultTargetName(f.target, variant),
    kind: f.kind,
    ...(f.steps ? { steps: f.steps } : {}),
    ...(f.multiplier !== undefined ? { multiplier: f.multiplier } : {}),
    ...(f.addMs !== undefined ? { addMs: f.addMs } : {}),
    ...(f.errorRate !== undefined ? { errorRate: f.errorRate } : {}),
  };
}

/**
 * Applies the scenario's faults at their planned seconds (from `t0`, epoch
 * ms) and resolves, once they have all ended, with what happened.
 */
export async function runScenarioFaults(
  scenario: Scenario,
  variant: Variant,
  runner: FaultRunner,
  t0: number,
  log?: (line: string) => void,
): Promise<FaultWindow[]> {
  const seconds = (epochMs: number | undefined) =>
    epochMs === undefined ? undefined : (epochMs - t0) / 1000;
  return Promise.all(
    scenario.faults.map(async (f): Promise<FaultWindow> => {
      const wait = t0 + f.startS * 1000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const request = requestFor(f, variant);
      let record: AnyFaultRecord | undefined;
      try {
        record = await runner.inject(request);
        if (record.state === 'active') record = (await runner.whenEnded(record.id)) ?? record;
      } catch (error) {
        log?.(`fault ${f.kind} ${request.target}: ${(error as Error).message}`);
        return { ...f, executed: false, note: `not applied: ${(error as Error).message}` };
      }
      log?.(describeFault(record));
      const appliedAtS = seconds(record.appliedAt);
      const endedAtS = seconds(record.endedAt);
      const recoveredAtS = seconds(record.recoveredAt);
      return {
        ...f,
        target: request.target,
        executed: record.appliedAt !== undefined,
        ...(appliedAtS !== undefined ? { appliedAtS } : {}),
        ...(endedAtS !== undefined ? { endedAtS } : {}),
        ...(recoveredAtS !== undefined ? { recoveredAtS } : {}),
        ...(isLinkFault(record)
          ? {
              direction: record.direction,
              links: record.links,
              ...(record.counts ? { linkCounts: record.counts } : {}),
            }
          : {}),
        note: record.error ?? whatItDid(record),
      };
    }),
  );
}

function whatItDid(r: AnyFaultRecord): string {
  if (isLinkFault(r)) {
    const on = `on ${r.links.length} link${r.links.length === 1 ? '' : 's'}`;
    const c = r.counts;
    const counted = c
      ? `: ${c.lostReplies} replies lost, ${c.resets} connections reset, ${c.swallowedBytes} bytes swallowed`
      : '';
    return `${LINK_EFFECT[r.kind](r)} ${on}${counted}`;
  }
  switch (r.kind) {
    case 'crash':
      return 'SIGKILL, then started again';
    case 'hang':
      return 'SIGSTOP, then SIGCONT';
    case 'broker-down':
      return 'stopped, then started again';
    case 'slow':
      return `steps ×${r.multiplier ?? 1}${r.addMs ? ` +${r.addMs} ms` : ''}`;
    case 'errors':
      return `steps fail ${Math.round((r.errorRate ?? 0) * 100)} % of the time`;
  }
}

/** What a link fault did, in a few words, for its window's note. */
const LINK_EFFECT: Record<LinkFaultKind, (r: LinkFaultRecord) => string> = {
  latency: (r) => `+${r.addMs ?? 0}${r.jitterMs ? `±${r.jitterMs}` : ''} ms ${r.direction}`,
  bandwidth: (r) => `${r.rateKBps} KB/s ${r.direction}`,
  blackhole: (r) => `bytes swallowed ${r.direction === 'both' ? 'both ways' : r.direction}`,
  reset: () => 'every connection reset',
  'lost-reply': () => 'replies dropped, connections reset',
  partition: () => 'cut off both ways',
  'slow-close': (r) => `closes ${r.delayMs ?? 0} ms late ${r.direction}`,
};

/** For the chart of the whole scenario: one window per fault, spanning every variant's actual times. */
export function envelope(
  planned: readonly FaultSpec[],
  perVariant: readonly (readonly FaultWindow[])[],
): FaultWindow[] {
  return planned.map((f, i) => {
    const runs = perVariant.map((w) => w[i]).filter((w): w is FaultWindow => !!w);
    const ran = runs.filter((w) => w.executed && w.appliedAtS !== undefined);
    if (ran.length === 0) return { ...f, executed: false, note: runs[0]?.note ?? 'not executed' };
    const appliedAtS = Math.min(...ran.map((w) => w.appliedAtS!));
    const endedAtS = Math.max(...ran.map((w) => w.endedAtS ?? w.appliedAtS! + f.durationS));
    return {
      ...f,
      executed: true,
      appliedAtS,
      endedAtS,
      note:
        ran.length === runs.length
          ? `${ran[0]!.note}; each variant's exact times are in its fault table`
          : `applied in ${ran.length} of ${runs.length} runs`,
    };
  });
}
