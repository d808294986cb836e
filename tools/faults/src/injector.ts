import {
  FaultRequestError,
  type FaultRecord,
  type FaultRequest,
  type FaultTarget,
  type StepFaultSetting,
} from './fault.js';

interface Active {
  record: FaultRecord;
  /** Ends the fault now instead of at the end of its duration. */
  endNow: () => void;
  done: Promise<FaultRecord>;
}

export interface InjectorOptions {
  /** Lines for a person watching the supervisor's output. */
  readonly log?: (line: string) => void;
  readonly now?: () => number;
}

const KEEP_RECORDS = 200;

/**
 * Applies faults to named targets and undoes them after their duration:
 * one fault per target at a time, every step timed. While a fault is active
 * on a target, `held` says so, so a supervisor does not restart a process
 * the fault killed on purpose.
 */
export class FaultInjector {
  private readonly targets = new Map<string, FaultTarget>();
  private readonly records = new Map<string, FaultRecord>();
  private readonly active = new Map<string, Active>();
  private seq = 0;
  private readonly now: () => number;

  constructor(
    targets: readonly FaultTarget[],
    private readonly options: InjectorOptions = {},
  ) {
    for (const t of targets) this.targets.set(t.name, t);
    this.now = options.now ?? Date.now;
  }

  /** The targets and what can be done to them. */
  describe(): { name: string; kinds: readonly string[]; steps: readonly string[] }[] {
    return [...this.targets.values()].map((t) => ({
      name: t.name,
      kinds: t.kinds,
      steps: t.steps ?? [],
    }));
  }

  held(target: string): boolean {
    return this.active.has(target);
  }

  list(): FaultRecord[] {
    return [...this.records.values()];
  }

  get(id: string): FaultRecord | undefined {
    return this.records.get(id);
  }

  /** Resolves when the fault is no longer active (or at once if it is not). */
  whenEnded(id: string): Promise<FaultRecord | undefined> {
    const a = [...this.active.values()].find((x) => x.record.id === id);
    return a ? a.done : Promise.resolve(this.records.get(id));
  }

  /**
   * Checks the request against its target, applies the fault and resolves
   * once it has taken effect (the record says when); it is undone after its
   * duration without further calls. A fault that could not be applied comes
   * back with state `failed` and the error.
   */
  async inject(request: FaultRequest): Promise<FaultRecord> {
    const target = this.targets.get(request.target);
    if (!target)
      throw new FaultRequestError(
        `no target ${request.target} (known: ${[...this.targets.keys()].join(', ')})`,
        404,
      );
    if (!target.kinds.includes(request.kind))
      throw new FaultRequestError(
        `${target.name} does not take ${request.kind} (it takes ${target.kinds.join(', ')})`,
      );
    const unknownSteps = (request.steps ?? []).filter((s) => !(target.steps ?? []).includes(s));
    if (unknownSteps.length)
      throw new FaultRequestError(
        `${target.name} has no step ${unknownSteps.join(', ')} (its steps: ${(target.steps ?? []).join(', ') || 'none'})`,
      );
    const busy = this.active.get(target.name);
    if (busy)
      throw new FaultRequestError(
        `${target.name} already has a ${busy.record.kind} fault (${busy.record.id}) until it ends`,
        409,
      );

    const id = `f${++this.seq}-${target.name}-${request.kind}`;
    let record: FaultRecord = { ...request, id, state: 'active' };
    const update = (patch: Partial<FaultRecord>) => {
      record = { ...record, ...patch };
      this.records.set(id, record);
      if (this.records.size > KEEP_RECORDS) this.records.delete(this.records.keys().next().value!);
      if (this.active.has(target.name)) this.active.get(target.name)!.record = record;
      return record;
    };
    let endNow!: () => void;
    const ending = new Promise<void>((resolve) => (endNow = resolve));
    const entry: Active = { record, endNow, done: Promise.resolve(record) };
    this.active.set(target.name, entry);
    update({});

    const steps = request.steps?.length ? request.steps : (target.steps ?? []);
    const setting: StepFaultSetting = {
      ...(request.multiplier !== undefined ? { multiplier: request.multiplier } : {}),
      ...(request.addMs !== undefined ? { addMs: request.addMs } : {}),
      ...(request.errorRate !== undefined ? { errorRate: request.errorRate } : {}),
    };
    try {
      switch (request.kind) {
        case 'crash':
          await target.kill();
          break;
        case 'broker-down':
          await target.stop();
          break;
        case 'hang':
          target.pause();
          break;
        case 'slow':
        case 'errors':
          if (!target.setStepFault) throw new Error(`${target.name} takes no step faults`);
          await target.setStepFault(steps, setting);
          break;
      }
    } catch (error) {
      this.active.delete(target.name);
      const failed = update({ state: 'failed', error: (error as Error).message });
      this.options.log?.(`fault ${id} could not be applied: ${failed.error}`);
      return failed;
    }
    update({ appliedAt: this.now() });
    this.options.log?.(`fault ${id} applied for ${request.durationMs} ms`);

    const timer = setTimeout(endNow, request.durationMs);
    entry.done = (async () => {
      await ending;
      clearTimeout(timer);
      try {
        update({ endedAt: this.now() });
        switch (request.kind) {
          case 'crash':
          case 'broker-down':
            await target.start();
            update({ recoveredAt: this.now() });
            break;
          case 'hang':
            target.resume();
            break;
          case 'slow':
          case 'errors':
            await target.setStepFault!(steps, undefined);
            break;
        }
        update({ state: 'ended' });
        this.options.log?.(`fault ${id} ended`);
      } catch (error) {
        update({ state: 'failed', error: `undoing it: ${(error as Error).message}` });
        this.options.log?.(`fault ${id} could not be undone: ${(error as Error).message}`);
      } finally {
        this.active.delete(target.name);
      }
      return record;
    })();
    return record;
  }

  /** Ends a fault before its time; resolves once it is undone. */
  async end(id: string): Promise<FaultRecord | undefined> {
    const a = [...this.active.values()].find((x) => x.record.id === id);
    if (!a) return this.records.get(id);
    a.endNow();
    return a.done;
  }

  /** Ends every active fault (a supervisor stopping must not leave a process frozen). */
  async endAll(): Promise<void> {
    await Promise.all([...this.active.values()].map((a) => this.end(a.record.id)));
  }
}
