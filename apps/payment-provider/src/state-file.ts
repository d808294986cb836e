import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A JSON document on disk, rewritten whole and atomically: written to a
 * temporary file, flushed, then renamed over the old one, so a crash leaves
 * the old state or the new, never half of one. Saves asked for while a write
 * runs share the next write (group commit), so a burst costs two writes.
 */
export class StateFile<T> {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    readonly path: string,
    private readonly snapshot: () => T,
  ) {}

  /** The state last saved, or undefined when there is none yet. */
  load(): T | undefined {
    if (!existsSync(this.path)) return undefined;
    return JSON.parse(readFileSync(this.path, 'utf8')) as T;
  }

  /** Resolves once the state as it is now (or later) is on disk. */
  save(): Promise<void> {
    if (this.queued) return this.queued;
    const after = this.running ?? Promise.resolve();
    const run = () => {
      this.queued = undefined;
      this.running = this.write().finally(() => {
        this.running = undefined;
      });
      return this.running;
    };
    // Run after the write before it whatever that one did: a failed write is
    // its own savers' answer, and the next save tries again.
    this.queued = after.then(run, run);
    return this.queued;
  }

  private async write(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${String(process.pid)}.tmp`;
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(JSON.stringify(this.snapshot()));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.path);
    // The rename is durable once the folder is flushed too.
    const folder = await open(dirname(this.path), 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}
