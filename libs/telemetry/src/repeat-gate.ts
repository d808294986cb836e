/**
 * Bounded log volume during an outage: a broker that is down makes every
 * request, message and retry fail the same way, and a line for each would
 * bury the first one (and fill a disk). The gate lets the first `limit`
 * identical lines of an interval through and counts the rest; when the
 * interval ends, one summary line says how many were held back.
 */

/** How many identical lines (same level, message and error code) pass per interval. */
export interface RepeatLimit {
  /** Lines let through per interval; the rest are counted, then summarised. */
  readonly limit: number;
  /** Length of one interval, in ms. */
  readonly intervalMs: number;
}

/** Lines of one kind that were held back in an interval. */
export interface Suppressed {
  readonly level: string;
  readonly msg: string;
  readonly code: string | undefined;
  /** How many were not written. */
  readonly count: number;
}

interface Seen {
  readonly level: string;
  readonly msg: string;
  readonly code: string | undefined;
  count: number;
}

/** The error code a line carries in its `err` field, if any: part of what makes two lines identical. */
export function errorCodeOf(
  fields: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const code = (fields?.['err'] as { code?: unknown } | null | undefined)?.code;
  return code === undefined || code === null ? undefined : String(code);
}

export class RepeatGate {
  private windowStart = Date.now();
  /** Only what was seen this interval: the map is emptied when it ends, so it cannot grow. */
  private readonly seen = new Map<string, Seen>();
  private timer: NodeJS.Timeout | undefined;
  /** A process that exits mid-interval still says what it held back. */
  private readonly atExit = () => this.endInterval(Date.now());

  constructor(
    private readonly rule: RepeatLimit,
    private readonly summarise: (suppressed: Suppressed) => void,
  ) {
    if (!Number.isInteger(rule.limit) || rule.limit < 1)
      throw new RangeError(`a repeat limit is a positive integer, got ${rule.limit}`);
    if (!(rule.intervalMs > 0))
      throw new RangeError(`a repeat interval is a positive number of ms, got ${rule.intervalMs}`);
  }

  /** Whether this line may be written; a held-back line is counted for the summary. */
  admit(level: string, msg: string, code: string | undefined): boolean {
    const now = Date.now();
    if (now - this.windowStart >= this.rule.intervalMs) this.endInterval(now);
    const key = `${level}\u0000${msg}\u0000${code ?? ''}`;
    let entry = this.seen.get(key);
    if (!entry) {
      entry = { level, msg, code, count: 0 };
      this.seen.set(key, entry);
    }
    entry.count++;
    if (entry.count <= this.rule.limit) return true;
    // The summary must come even if no line follows (the outage ended):
    // a timer, unref'd so that it never keeps a stopping process alive.
    if (!this.timer) {
      this.timer = setTimeout(
        () => this.endInterval(Date.now()),
        this.windowStart + this.rule.intervalMs - now,
      ).unref();
      process.once('exit', this.atExit);
    }
    return false;
  }

  private endInterval(now: number): void {
    if (this.timer) process.off('exit', this.atExit);
    clearTimeout(this.timer);
    this.timer = undefined;
    const ended = [...this.seen.values()];
    this.seen.clear();
    this.windowStart = now;
    for (const e of ended) {
      if (e.count > this.rule.limit)
        this.summarise({
          level: e.level,
          msg: e.msg,
          code: e.code,
          count: e.count - this.rule.limit,
        });
    }
  }
}
