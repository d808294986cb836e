import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes asked for while one runs share the next (group commit): a burst of
 * saves costs two writes. Each `run` resolves once a write that began after
 * it was asked for has ended; a failed write is its own askers' answer, and
 * the next one tries again.
 */
export class GroupCommit {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(private readonly write: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.queued) return this.queued;
    const after = this.running ?? Promise.resolve();
    const start = () => {
      this.queued = undefined;
      this.running = this.write().finally(() => {
        this.running = undefined;
      });
      return this.running;
    };
    this.queued = after.then(start, start);
    return this.queued;
  }
}

/**
 * A JSON document on disk, rewritten whole and atomically: written to a
 * temporary file, flushed, then renamed over the old one, so a crash leaves
 * the old state or the new, never half of one. Saves share writes (GroupCommit).
 */
export class StateFile<T> {
  private readonly commits = new GroupCommit(() => this.write());

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
    return this.commits.run();
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
