import { spawn, type ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';

const OUTPUT_TAIL_BYTES = 8192;
const live = new Set<ChildProcess>();

// A test runner or a CLI that exits without stopping its brokers must not
// leave them behind: whatever this process started dies with it.
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export interface ManagedProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Called when the child ends, however it ends. */
  readonly onExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
  /** Lines of the child's output, for a supervisor that wants to show them. */
  readonly onOutput?: (line: string) => void;
  /** Open an IPC channel to the child (a Node program), for `request`. */
  readonly ipc?: boolean;
  /** The child's nice value (OS priority), 0 unless given, whatever its parent's. */
  readonly nice?: number;
  /**
   * Start the child under Linux's SCHED_IDLE policy (through `chrt --idle 0`,
   * which then runs the command in its own place, same pid): it gets only CPU
   * no other task wants.
   */
  readonly schedIdle?: boolean;
}

let requestSeq = 0;

/**
 * One child process that can be started, signalled, stopped and started
 * again. It keeps the tail of the child's output so a failed start explains itself.
 */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exitInfo: string | undefined;
  private tail = '';

  constructor(readonly options: ManagedProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.exitInfo === undefined;
  }

  /** Why the process is not running, if it ended. */
  get exited(): string | undefined {
    return this.exitInfo === undefined ? undefined : `${this.exitInfo}\n${this.output()}`;
  }

  output(): string {
    return this.tail.trim();
  }

  start(): void {
    if (this.running) throw new Error(`${this.options.name} is already running (pid ${this.pid})`);
    this.exitInfo = undefined;
    this.tail = '';
    const [command, args] = this.options.schedIdle
      ? ['chrt', ['--idle', '0', this.options.command, ...this.options.args]]
      : [this.options.command, this.options.args];
    const child = spawn(command, args, {
      cwd: this.options.cwd,
      env: this.options.env ?? process.env,
      stdio: this.options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, this.options.nice ?? 0);
      } catch {
        // Not permitted here (an unprivileged user lowering a nice value): it keeps the parent's.
      }
    }
    const collector = () => {
      // Chunks cut lines anywhere: hand on whole lines only.
      let partial = '';
      return (chunk: Buffer) => {
        const text = chunk.toString();
        this.tail = (this.tail + text).slice(-OUTPUT_TAIL_BYTES);
        if (!this.options.onOutput) return;
        const parts = (partial + text).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) if (line) this.options.onOutput(line);
      };
    };
    child.stdout?.on('data', collector());
    child.stderr?.on('data', collector());
    child.once('error', (error) => {
      this.exitInfo = `${this.options.name} failed to start: ${error.message}`;
      live.delete(child);
    });
    child.once('exit', (code, signal) => {
      this.exitInfo = `${this.options.name} exited (${signal ?? `code ${code}`})`;
      live.delete(child);
      this.options.onExit?.(code, signal);
    });
  }

  /**
   * Sends `message` with a fresh `id` over the IPC channel and resolves with
   * the child's reply carrying the same id (a frozen child answers once thawed).
   */
  request<T = unknown>(message: Record<string, unknown>, timeoutMs = 5000): Promise<T> {
    const child = this.child;
    if (!child || !this.running || !child.send)
      return Promise.reject(new Error(`${this.options.name} is not running with IPC`));
    const id = `r${++requestSeq}`;
    return new Promise<T>((resolve, reject) => {
      const done = (error?: Error, reply?: T) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(reply as T);
      };
      const onMessage = (reply: unknown) => {
        if ((reply as { id?: string } | null)?.id === id) done(undefined, reply as T);
      };
      const onExit = () => done(new Error(`${this.options.name} exited before it answered`));
      const timer = setTimeout(
        () => done(new Error(`${this.options.name} did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ ...message, id }, (error) => error && done(error));
    });
  }

  signal(signal: NodeJS.Signals): void {
    if (!this.running) throw new Error(`${this.options.name} is not running`);
    this.child!.kill(signal);
  }

  /** Sends `signal`, waits for the exit, and kills after `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // A frozen process (SIGSTOP) cannot act on SIGTERM until it runs again.
    child.kill('SIGCONT');
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    if ((await Promise.race([exited, timedOut])) === 'timeout') {
      child.kill('SIGKILL');
      await exited;
    }
    clearTimeout(timer);
  }
}
