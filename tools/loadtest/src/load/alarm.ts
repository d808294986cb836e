import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PacerAlarm } from './pacer.js';

/**
 * The alarm's thread, compiled: a worker cannot load TypeScript (as the
 * sender's thread, see sender.ts).
 */
const ALARM_SCRIPT = fileURLToPath(new URL('../../dist/load/alarm-worker.js', import.meta.url));

/** Cells shared with the alarm's thread (Int32): the schedule began, sends rung so far, stop. */
export const BEGUN = 0;
export const FIRED = 1;
export const STOP = 2;
const CELLS = 3;
/** STOP before the thread is up: it clears it once it runs. */
const STARTING = -1;

export interface AlarmShared {
  readonly cells: Int32Array;
  /** When the schedule's 0 is, in ms on `hrNowMs` (set by `begin`). */
  readonly base: Float64Array;
  /** The schedule: ms after its 0, ascending. */
  readonly times: Float64Array;
}

/** Atomics.waitAsync, which this project's TypeScript library (ES2023) does not declare yet. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      cells: Int32Array,
      index: number,
      value: number,
    ): { async: false; value: string } | { async: true; value: Promise<string> };
  }
).waitAsync;

const NS_PER_MS = 1e6;
/** The process's monotonic clock, the same on every thread (performance.now()'s origin is per thread). */
export const hrNowMs = (): number => Number(process.hrtime.bigint()) / NS_PER_MS;

/**
 * Rings when each send of a schedule is due, on time and without spinning,
 * while the sender's event loop keeps reading answers: a thread of its own
 * sleeps on a futex (precise to tens of microseconds for a real-time
 * thread, where an event loop's timer is precise to a millisecond) and wakes
 * the sender through Atomics.waitAsync. One wake-up a send on each side.
 */
export class Alarm implements PacerAlarm {
  private constructor(
    private readonly worker: Worker,
    private readonly shared: AlarmShared,
  ) {}

  /** Starts the alarm's thread for `intended` (ms after the start) and waits until it runs. */
  static async start(intended: readonly number[]): Promise<Alarm> {
    const shared: AlarmShared = {
      cells: new Int32Array(new SharedArrayBuffer(CELLS * Int32Array.BYTES_PER_ELEMENT)),
      base: new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT)),
      times: new Float64Array(
        new SharedArrayBuffer(intended.length * Float64Array.BYTES_PER_ELEMENT),
      ),
    };
    shared.times.set(intended);
    shared.cells[STOP] = STARTING;
    const worker = new Worker(ALARM_SCRIPT, { workerData: shared, execArgv: [] });
    worker.unref();
    const up = waitAsync(shared.cells, STOP, STARTING);
    const failed = new Promise<never>((_, reject) => {
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the alarm thread exited (${code})`)));
    });
    failed.catch(() => undefined);
    if (up.async) await Promise.race([up.value, failed]);
    return new Alarm(worker, shared);
  }

  begin(start: number): void {
    const { cells, base } = this.shared;
    // performance.now() of this thread, on the clock every thread shares.
    base[0] = start + hrNowMs() - performance.now();
    // The base is written before the flag that publishes it (both seen in order).
    Atomics.store(cells, BEGUN, 1);
    Atomics.notify(cells, BEGUN);
  }

  async rung(index: number): Promise<void> {
    const { cells } = this.shared;
    for (;;) {
      const fired = Atomics.load(cells, FIRED);
      if (fired > index) return;
      const w = waitAsync(cells, FIRED, fired);
      if (w.async) await w.value;
    }
  }

  /** Ends the alarm's thread. */
  async stop(): Promise<void> {
    Atomics.store(this.shared.cells, STOP, 1);
    Atomics.notify(this.shared.cells, STOP);
    Atomics.notify(this.shared.cells, BEGUN);
    await this.worker.terminate();
  }
}
