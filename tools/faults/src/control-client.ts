import type { AnyFaultRecord, AnyFaultRequest, FaultRecord, FaultRequest } from './fault.js';
import type { LinkFaultRecord, LinkFaultRequest } from './link-fault.js';

export class ControlError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/** Talks to a supervisor's control endpoint (`startControlServer`). */
export class ControlClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ControlError(
        `no control endpoint at ${this.url} (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}): is the stack running with LAB_CONTROL_ENABLED=true and the same LAB_CONTROL_TOKEN?`,
        0,
      );
    }
    const data = (await res.json().catch(() => ({}))) as { message?: string } & T;
    if (!res.ok && !(res.status === 500 && (data as { state?: string }).state === 'failed'))
      throw new ControlError(data.message ?? `${method} ${path}: HTTP ${res.status}`, res.status);
    return data;
  }

  describe(): Promise<{
    scope: string;
    targets: { name: string; kinds: string[]; steps: string[] }[];
  }> {
    return this.call('GET', '/control');
  }

  /** Resolves once the fault took effect (or with state `failed`). */
  inject(request: FaultRequest): Promise<FaultRecord>;
  inject(request: LinkFaultRequest): Promise<LinkFaultRecord>;
  inject(request: AnyFaultRequest): Promise<AnyFaultRecord>;
  inject(request: AnyFaultRequest): Promise<AnyFaultRecord> {
    return this.call('POST', '/control/faults', request);
  }

  get(id: string): Promise<AnyFaultRecord> {
    return this.call('GET', `/control/faults/${encodeURIComponent(id)}`);
  }

  list(): Promise<{ faults: AnyFaultRecord[] }> {
    return this.call('GET', '/control/faults');
  }

  end(id: string): Promise<AnyFaultRecord> {
    return this.call('DELETE', `/control/faults/${encodeURIComponent(id)}`);
  }

  /**
   * Resolves when the fault has ended and its target serves again; `R` is
   * the record the caller expects (`whenEnded<LinkFaultRecord>(id)` for a
   * link fault), a process fault's unless told.
   */
  async whenEnded<R extends AnyFaultRecord = FaultRecord>(id: string): Promise<NoInfer<R>> {
    for (;;) {
      const r = await this.call<R>('GET', `/control/faults/${encodeURIComponent(id)}?wait=ended`);
      if (r.state !== 'active') return r;
    }
  }
}
