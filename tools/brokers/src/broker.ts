import type { FaultTarget } from '@lab/faults';
import { mkdirSync } from 'node:fs';
import { type ManagedProcess } from './managed-process.js';
import { portOpen, waitUntil } from './net.js';

export type BrokerKind = 'nats' | 'redis';

export interface BrokerOptions {
  /** What logs and fault targets call it; its kind unless given (the card vault is a redis). */
  readonly name?: string;
  readonly host?: string;
  readonly port: number;
  /** Where the broker keeps its data; survives a stop and a start. */
  readonly dataDir: string;
  /** The program to run, if not the one found on PATH. */
  readonly binary?: string;
  /** How long a start may take before it is an error. */
  readonly readyTimeoutMs?: number;
  readonly onOutput?: (line: string) => void;
}

/**
 * A broker the project starts itself: one process on a known port with its own
 * data folder. It can be stopped and started again on the same port and data,
 * which is how broker outages are injected.
 */
export abstract class Broker {
  abstract readonly kind: BrokerKind;
  abstract readonly url: string;
  protected abstract readonly process: ManagedProcess;
  readonly host: string;

  constructor(readonly options: BrokerOptions) {
    this.host = options.host ?? '127.0.0.1';
  }

  get name(): string {
    return this.options.name ?? this.kind;
  }

  get port(): number {
    return this.options.port;
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get running(): boolean {
    return this.process.running;
  }

  /** Answers once the broker serves clients (not merely once its port is open). */
  protected abstract isReady(): Promise<boolean>;

  /** Starts the process and waits until it is ready. */
  async start(): Promise<this> {
    // Readiness is probed over the port: another server there would answer for us.
    if (await portOpen(this.host, this.port)) {
      throw new Error(
        `${this.name} on ${this.host}:${this.port}: the port is already in use by another process`,
      );
    }
    mkdirSync(this.options.dataDir, { recursive: true });
    this.process.start();
    try {
      await waitUntil(() => this.isReady(), {
        timeoutMs: this.options.readyTimeoutMs ?? 20_000,
        what: `${this.name} on ${this.host}:${this.port}`,
        abandon: () => this.process.exited,
      });
      if (!this.process.running)
        throw new Error(`${this.name} on ${this.host}:${this.port}: ${this.process.exited}`);
    } catch (error) {
      await this.process.stop('SIGKILL');
      throw error;
    }
    return this;
  }

  /** A clean stop: the broker flushes its data and exits. */
  stop(timeoutMs?: number): Promise<void> {
    return this.process.stop('SIGTERM', timeoutMs);
  }

  /** A crash: SIGKILL, nothing flushed beyond what the broker already synced. */
  kill(): Promise<void> {
    return this.process.stop('SIGKILL');
  }

  /** Freezes the process: connections stay open, nothing answers. */
  pause(): void {
    this.process.signal('SIGSTOP');
  }

  resume(): void {
    this.process.signal('SIGCONT');
  }

  async restart(): Promise<this> {
    await this.stop();
    return this.start();
  }

  /** This broker as something the fault injector can act on: broker-down, crash, hang. */
  faultTarget(): FaultTarget {
    return {
      name: this.name,
      kinds: ['broker-down', 'crash', 'hang'],
      kill: () => this.kill(),
      stop: () => this.stop(),
      start: async () => void (await this.start()),
      pause: () => this.pause(),
      resume: () => this.resume(),
    };
  }

  /** The broker's recent output, for error messages. */
  output(): string {
    return this.process.output();
  }
}
