/** How often a progress line is printed when the output is a file or a pipe (CI logs). */
export const PLAIN_PROGRESS_EVERY_MS = 10_000;

export interface Progress {
  /** The run's latest state, about once a second. */
  line(text: string): void;
  /** Before other output: a terminal's status line is wiped first. */
  clear(): void;
}

interface Output {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/**
 * A terminal gets one status line, rewritten in place every second. Other
 * output (a CI log, a pipe) gets a plain line every few seconds, so a long
 * run never goes minutes without a word and the log is not flooded either.
 */
export function progressTo(
  out: Output,
  everyMs = PLAIN_PROGRESS_EVERY_MS,
  now: () => number = () => performance.now(),
): Progress {
  if (out.isTTY)
    return {
      line: (text) => void out.write(`\r\x1b[2K${text}`),
      clear: () => void out.write('\r\x1b[2K'),
    };
  let last = -Infinity;
  return {
    line: (text) => {
      const t = now();
      if (t - last < everyMs) return;
      last = t;
      out.write(`${text}\n`);
    },
    clear: () => undefined,
  };
}
