import { join } from 'node:path';
import { ManagedProcess, waitUntil } from '@lab/brokers';
import { loadConfig, type LabConfig } from '@lab/config';
import { ALL_STEPS } from '@lab/domain';
import type { FaultTarget, StepFaultSetting } from '@lab/faults';

export interface AppSpec {
  /** As it appears in logs and fault targets: sync-payment, async-notification… */
  readonly name: string;
  /** The app's folder, relative to the workspace root; its build is dist/main.js. */
  readonly dir: string;
  readonly env: Readonly<Record<string, string>>;
  /** An HTTP URL that answers 200 once the app serves (gateways). */
  readonly healthUrl?: string;
  /** Where the app serves Prometheus text: its edge, its metrics port (gRPC) or its health port (workers). */
  readonly metricsUrl?: string;
  /** The service it runs (payment…), whose simulated steps `slow` and `errors` touch; none for a gateway. */
  readonly service?: string;
  /**
   * The name the app gives itself in its ready line, when not `name`: a
   * replica `sync-payment-2` runs the same program as `sync-payment`.
   */
  readonly readyAs?: string;
}

/**
 * Node's flags for an app: its young generation's size (LAB_NODE_SEMI_SPACE_MB)
 * and, with LAB_CPU_PROFILE_DIR=/some/dir, a V8 CPU profile written there
 * when it stops.
 */
export function nodeFlags(config: Pick<LabConfig, 'node'>, cpuProfileDir?: string): string[] {
  return [
    ...(cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
    ...(config.node.semiSpaceMb > 0 ? [`--max-semi-space-size=${config.node.semiSpaceMb}`] : []),
  ];
}

/**
 * Node's on-disk compile cache for every app (NODE_COMPILE_CACHE, unless the
 * environment names one): a stack starts six to eleven processes that load
 * the same compiled code and libraries, and a compare starts about sixty
 * stacks. The cache is keyed by each file's content and Node's version.
 */
export function compileCacheEnv(workspaceRoot: string): Record<string, string> {
  return { NODE_COMPILE_CACHE: join(workspaceRoot, 'node_modules/.cache/node-compile') };
}

/**
 * One app of a stack as a real process running its compiled JavaScript: it
 * can be started, stopped (SIGTERM), killed (SIGKILL), frozen and thawed,
 * which is all a fault needs.
 */
export class AppProcess {
  private readonly process: ManagedProcess;
  private lines: string[] = [];

  /**
   * Workers behind an edge (the async apps, which the hybrid runs for its
   * background work) start at LAB_BACKGROUND_NICE, and under SCHED_IDLE with
   * LAB_BACKGROUND_POLICY=idle: the request path first.
   */
  private readonly nice: number;
  private readonly schedIdle: boolean;

  constructor(
    readonly spec: AppSpec,
    workspaceRoot: string,
    onOutput?: (name: string, line: string) => void,
    onExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void,
  ) {
    const background = spec.dir.startsWith('apps/async/') && !spec.dir.endsWith('/gateway');
    // A bad setting stops the start here, naming it, as the app itself would.
    const config = loadConfig({ ...process.env, ...spec.env });
    this.nice = background ? config.backgroundNice : 0;
    this.schedIdle = background && config.backgroundPolicy === 'idle';
    this.process = new ManagedProcess({
      name: spec.name,
      command: process.execPath,
      args: [
        ...nodeFlags(config, process.env['LAB_CPU_PROFILE_DIR']),
        join(workspaceRoot, spec.dir, 'dist/main.js'),
      ],
      cwd: workspaceRoot,
      env: { ...compileCacheEnv(workspaceRoot), ...process.env, ...spec.env },
      onExit: (code, signal) => onExit?.(spec.name, code, signal),
      ipc: true,
      onOutput: (line) => {
        this.lines.push(line);
        if (this.lines.length > 200) this.lines.shift();
        onOutput?.(spec.name, line);
      },
      nice: this.nice,
      schedIdle: this.schedIdle,
    });
  }

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return this.process.running;
  }

  /** Starts and waits for the app's ready line (and its health URL, if any). */
  async start(timeoutMs = 30_000): Promise<void> {
    this.lines = [];
    this.process.start();
    const readyLine = `${this.spec.readyAs ?? this.spec.name} ready:`;
    await waitUntil(async () => this.lines.some((l) => l.startsWith(readyLine)), {
      timeoutMs,
      what: this.spec.name,
      abandon: () => this.process.exited,
    });
    if (this.spec.healthUrl) {
      const url = this.spec.healthUrl;
      await waitUntil(
        async () => {
          try {
            return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
          } catch {
            return false;
          }
        },
        { timeoutMs, what: `${this.spec.name} health`, abandon: () => this.process.exited },
      );
    }
  }

  stop(timeoutMs?: number): Promise<void> {
    return this.process.stop('SIGTERM', timeoutMs);
  }

  kill(): Promise<void> {
    return this.process.stop('SIGKILL');
  }

  pause(): void {
    this.process.signal('SIGSTOP');
  }

  resume(): void {
    this.process.signal('SIGCONT');
  }

  /** The simulated steps of the app's service. */
  get steps(): string[] {
    return ALL_STEPS.filter((s) => s.service === this.spec.service).map((s) => s.name);
  }

  /** Sets (or, with undefined, clears) a slow/errors fault on steps of the running app. */
  async setStepFault(steps: readonly string[], fault: StepFaultSetting | undefined): Promise<void> {
    const reply = await this.process.request<{ ok: boolean; error?: string }>({
      type: 'lab.step-fault',
      steps,
      fault: fault ?? null,
    });
    if (!reply.ok) throw new Error(`${this.name}: ${reply.error ?? 'refused the fault'}`);
  }

  /** Where a scraper reads the app's metrics over HTTP. */
  get metricsUrl(): string | undefined {
    return this.spec.metricsUrl;
  }

  /** The app's metrics (Prometheus text), asked over IPC, as only its parent can. */
  async metrics(): Promise<string> {
    const reply = await this.process.request<{ ok: boolean; metrics?: string }>({
      type: 'lab.metrics',
    });
    if (!reply.ok || reply.metrics === undefined) throw new Error(`${this.name}: gave no metrics`);
    return reply.metrics;
  }

  /** This app as something the fault injector can act on. */
  faultTarget(): FaultTarget {
    const hasSteps = this.steps.length > 0;
    return {
      name: this.name,
      kinds: hasSteps ? ['crash', 'hang', 'slow', 'errors'] : ['crash', 'hang'],
      steps: this.steps,
      kill: () => this.kill(),
      stop: () => this.stop(),
      start: () => this.start(),
      pause: () => this.pause(),
      resume: () => this.resume(),
      ...(hasSteps ? { setStepFault: (s, f) => this.setStepFault(s, f) } : {}),
    };
  }

  /** The app's recent output, for failure messages. */
  output(): string {
    return this.lines.join('\n');
  }
}
