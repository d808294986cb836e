/**
 * Faults on a run's timeline: resolved against the variant under test,
 * applied at their planned second through an injector (the tool's own
 * processes, or the control endpoints of stacks started by `nx run-many`),
 * and recorded with the times they took effect.
 */
import type { Variant } from '@lab/domain';
import { describeFault, type FaultRecord, type FaultRequest } from '@lab/faults';
import type { FaultWindow } from '../result/index.js';
import type { FaultSpec, Scenario } from '../scenario/types.js';
import { BROKERS, type FaultRunner } from './remote-faults.js';

/** `notification` in the async variant is the app `async-notification`; brokers keep their names. */
export function faultTargetName(target: string, variant: Variant): string {
  return BROKERS.has(target) || target.includes('-') ? target : `${variant}-${target}`;
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
      const request: FaultRequest = {
        target: faultTargetName(f.target, variant),
        kind: f.kind,
        durationMs: Math.round(f.durationS * 1000),
        ...(f.steps ? { steps: f.steps } : {}),
        ...(f.multiplier !== undefined ? { multiplier: f.multiplier } : {}),
        ...(f.addMs !== undefined ? { addMs: f.addMs } : {}),
        ...(f.errorRate !== undefined ? { errorRate: f.errorRate } : {}),
      };
      let record: FaultRecord | undefined;
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
        note: record.error ?? whatItDid(record),
      };
    }),
  );
}

function whatItDid(r: FaultRecord): string {
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
