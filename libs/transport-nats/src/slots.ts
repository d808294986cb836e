/**
 * A counting semaphore for handlers: the consume loop takes a slot per
 * message and waits for a free one before it pulls the next message, which is
 * what bounds both concurrency and the messages held by this process.
 */
export class Slots {
  #used = 0;
  #onFree: (() => void)[] = [];
  #onIdle: (() => void)[] = [];

  constructor(readonly capacity: number) {}

  get used(): number {
    return this.#used;
  }

  get full(): boolean {
    return this.#used >= this.capacity;
  }

  take(): void {
    this.#used++;
  }

  release(): void {
    this.#used--;
    for (const wake of this.#onFree.splice(0)) wake();
    if (this.#used === 0) for (const wake of this.#onIdle.splice(0)) wake();
  }

  /** Resolves once a slot is free, or at once when `signal` aborts. */
  async free(signal: AbortSignal): Promise<void> {
    while (this.full && !signal.aborted) {
      let onAbort = () => {};
      await new Promise<void>((resolve) => {
        onAbort = resolve;
        this.#onFree.push(resolve);
        signal.addEventListener('abort', onAbort, { once: true });
      });
      // One wait per message: a listener left behind each time would pile up on the signal.
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Resolves once no slot is taken. */
  idle(): Promise<void> {
    if (this.#used === 0) return Promise.resolve();
    return new Promise((resolve) => this.#onIdle.push(resolve));
  }
}
