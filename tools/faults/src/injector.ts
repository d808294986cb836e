import {
  FaultRequestError,
  isLinkFault,
  type AnyFaultRecord,
  type AnyFaultRequest,
  type FaultRecord,
  type FaultRequest,
  type FaultTarget,
  type StepFaultSetting,
} from './fault.js';
import {
  LINK_FAULT_DIRECTIONS,
  type LinkFaultCounts,
  type LinkFaultRecord,
  type LinkFaultRequest,
  type LinkFaultSetting,
} from './link-fault.js';
import { selectsLink } from './link-selector.js';

interface Active {
  record: AnyFaultRecord;
  /** Ends the fault now instead of at the end of its duration. */
  endNow: () => void;
  done: Promise<AnyFaultRecord>;
}

/** What a fault does to its targets, and how it is undone. */
interface Action {
  readonly targets: readonly FaultTarget[];
  apply(): Promise<void>;
  undo(): Promise<void>;
  /** crash, broker-down: the target is started again, and serves again later. */
  readonly restarts: boolean;
  /** What the record says beside the request: the links it acts on. */
  readonly facts?: Partial<LinkFaultRecord>;
  /** What the record says once it has ended: what the links counted meanwhile. */
  finish?(): Partial<LinkFaultRecord>;
}

export interface InjectorOptions {
  /** Lines for a person watching the supervisor's output. */
  readonly log?: (line: string) => void;
  readonly now?: () => number;
}

const KEEP_RECORDS = 200;

/** A target's method that its kind needs; a target that lacks it does not take the kind. */
function need<K extends 'kill' | 'stop' | 'start' | 'pause' | 'resume'>(
  target: FaultTarget,
  method: K,
): NonNullable<FaultTarget[K]> {
  const fn = target[method];
  if (!fn) throw new Error(`${target.name} cannot ${method}`);
  return fn.bind(target) as NonNullable<FaultTarget[K]>;
}

const sumCounts = (targets: readonly FaultTarget[]): LinkFaultCounts =>
  targets.reduce(
    (sum, t) => {
      const c = t.linkCounts?.();
      return c
        ? {
            lostReplies: sum.lostReplies + c.lostReplies,
            resets: sum.resets + c.resets,
            swallowedBytes: sum.swallowedBytes + c.swallowedBytes,
          }
        : sum;
    },
    { lostReplies: 0, resets: 0, swallowedBytes: 0 },
  );

/**
 * Applies faults to named targets and undoes them after their duration:
 * one fault per target at a time, every step timed. A process fault names
 * one process or broker; a link fault names links (a link, a process's or
 * a stack's links). While a fault is active on a target, `held` says so,
 * so a supervisor does not restart a process the fault killed on purpose.
 */
export class FaultInjector {
  private readonly targets = new Map<string, FaultTarget>();
  private readonly records = new Map<string, AnyFaultRecord>();
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

  list(): AnyFaultRecord[] {
    return [...this.records.values()];
  }

  get(id: string): AnyFaultRecord | undefined {
    return this.records.get(id);
  }

  /**
   * Resolves when the fault is no longer active (or at once if it is not);
   * `R` is the record the caller expects, a process fault's unless told.
   */
  whenEnded<R extends AnyFaultRecord = FaultRecord>(id: string): Promise<NoInfer<R> | undefined> {
    const a = [...this.active.values()].find((x) => x.record.id === id);
    return (a ? a.done : Promise.resolve(this.records.get(id))) as Promise<R | undefined>;
  }

  /**
   * Checks the request against its targets, applies the fault and resolves
   * once it has taken effect (the record says when); it is undone after its
   * duration without further calls. A fault that could not be applied comes
   * back with state `failed` and the error.
   */
  inject(request: FaultRequest): Promise<FaultRecord>;
  inject(request: LinkFaultRequest): Promise<LinkFaultRecord>;
  inject(request: AnyFaultRequest): Promise<AnyFaultRecord>;
  async inject(request: AnyFaultRequest): Promise<AnyFaultRecord> {
    const action = isLinkFault(request) ? this.linkAction(request) : this.processAction(request);
    for (const t of action.targets) {
      const busy = this.active.get(t.name);
      if (busy)
        throw new FaultRequestError(
          `${t.name} already has a ${busy.record.kind} fault (${busy.record.id}) until it ends`,
          409,
        );
    }
    return this.run(request, action);
  }

  /** Ends a fault before its time; resolves once it is undone. */
  async end(id: string): Promise<AnyFaultRecord | undefined> {
    const a = [...this.active.values()].find((x) => x.record.id === id);
    if (!a) return this.records.get(id);
    a.endNow();
    return a.done;
  }

  /** Ends every active fault (a supervisor stopping must not leave a process frozen). */
  async endAll(): Promise<void> {
    const ids = new Set([...this.active.values()].map((a) => a.record.id));
    await Promise.all([...ids].map((id) => this.end(id)));
  }

  private processAction(request: FaultRequest): Action {
    const target = this.targets.get(request.target);
    if (!target || target.link)
      throw new FaultRequestError(
        `no target ${request.target} (known: ${[...this.targets.values()]
          .filter((t) => !t.link)
          .map((t) => t.name)
          .join(', ')})`,
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
    const steps = request.steps?.length ? request.steps : (target.steps ?? []);
    const setting: StepFaultSetting = {
      ...(request.multiplier !== undefined ? { multiplier: request.multiplier } : {}),
      ...(request.addMs !== undefined ? { addMs: request.addMs } : {}),
      ...(request.errorRate !== undefined ? { errorRate: request.errorRate } : {}),
    };
    const stepFault = (s: StepFaultSetting | undefined) => {
      if (!target.setStepFault) throw new Error(`${target.name} takes no step faults`);
      return target.setStepFault(steps, s);
    };
    const base = { targets: [target], restarts: false };
    switch (request.kind) {
      case 'crash':
        return {
          ...base,
          apply: need(target, 'kill'),
          undo: need(target, 'start'),
          restarts: true,
        };
      case 'broker-down':
        return {
          ...base,
          apply: need(target, 'stop'),
          undo: need(target, 'start'),
          restarts: true,
        };
      case 'hang':
        return {
          ...base,
          apply: async () => need(target, 'pause')(),
          undo: async () => need(target, 'resume')(),
        };
      case 'slow':
      case 'errors':
        return { ...base, apply: () => stepFault(setting), undo: () => stepFault(undefined) };
    }
  }

  private linkAction(request: LinkFaultRequest): Action {
    const all = [...this.targets.values()].filter((t) => t.link);
    if (all.length === 0)
      throw new FaultRequestError(
        `no links to put ${request.kind} on: the stack runs without link proxies (start it with LAB_LINKS=on)`,
        404,
      );
    const targets = all.filter((t) =>
      selectsLink(request.target, t.link!, request.kind === 'partition'),
    );
    if (targets.length === 0)
      throw new FaultRequestError(
        `no link matches ${request.target} (links: ${all.map((t) => t.name).join(', ')})`,
        404,
      );
    const refusing = targets.find((t) => !t.kinds.includes(request.kind) || !t.setLinkFault);
    if (refusing) throw new FaultRequestError(`${refusing.name} does not take ${request.kind}`);
    const directions = LINK_FAULT_DIRECTIONS[request.kind];
    const direction = request.direction ?? directions[0]!;
    if (!directions.includes(direction))
      throw new FaultRequestError(`${request.kind} takes direction ${directions.join(' or ')}`);
    const { target: _, durationMs: __, ...rest } = request;
    const setting: LinkFaultSetting = { ...rest, direction };
    const set = (s: LinkFaultSetting | undefined) =>
      Promise.all(targets.map((t) => t.setLinkFault!(s))).then(() => undefined);
    let before: LinkFaultCounts | undefined;
    return {
      targets,
      restarts: false,
      facts: { links: targets.map((t) => t.name), direction: setting.direction },
      apply: async () => {
        before = sumCounts(targets);
        await set(setting);
      },
      undo: () => set(undefined),
      finish: () => {
        const after = sumCounts(targets);
        return {
          counts: {
            lostReplies: after.lostReplies - (before?.lostReplies ?? 0),
            resets: after.resets - (before?.resets ?? 0),
            swallowedBytes: after.swallowedBytes - (before?.swallowedBytes ?? 0),
          },
        };
      },
    };
  }

  /** Applies the action now and undoes it after the request's duration (or at `end`). */
  private async run(request: AnyFaultRequest, action: Action): Promise<AnyFaultRecord> {
    const id = `f${++this.seq}-${request.target.replace(/[^\w.-]+/g, '_')}-${request.kind}`;
    const names = action.targets.map((t) => t.name);
    let record = { ...request, ...action.facts, id, state: 'active' } as AnyFaultRecord;
    const update = (patch: Partial<AnyFaultRecord>) => {
      record = { ...record, ...patch } as AnyFaultRecord;
      this.records.set(id, record);
      if (this.records.size > KEEP_RECORDS) this.records.delete(this.records.keys().next().value!);
      for (const n of names) if (this.active.has(n)) this.active.get(n)!.record = record;
      return record;
    };
    let endNow!: () => void;
    const ending = new Promise<void>((resolve) => (endNow = resolve));
    const entry: Active = { record, endNow, done: Promise.resolve(record) };
    for (const n of names) this.active.set(n, entry);
    update({});
    const release = () => names.forEach((n) => this.active.delete(n));

    try {
      await action.apply();
    } catch (error) {
      release();
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
        await action.undo();
        if (action.restarts) update({ recoveredAt: this.now() });
        update({ ...action.finish?.(), state: 'ended' });
        this.options.log?.(`fault ${id} ended`);
      } catch (error) {
        update({ state: 'failed', error: `undoing it: ${(error as Error).message}` });
        this.options.log?.(`fault ${id} could not be undone: ${(error as Error).message}`);
      } finally {
        release();
      }
      return record;
    })();
    return record;
  }
}
