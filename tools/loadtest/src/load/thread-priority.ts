import { execFileSync } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** What a thread's priority could be raised to. */
export type ThreadPriority = 'real-time (SCHED_FIFO 1)' | 'nice -10' | 'default';

/**
 * Puts the calling thread (only) ahead of the stacks the tool loads:
 * real-time (SCHED_FIFO 1, via chrt) when `realtime` and allowed — a woken
 * thread then runs at once; a lower nice value is not enough for the kernel's
 * scheduler, which lets the running task finish its slice (docs/performance.md,
 * "The load tool's own precision") — else a nice value where allowed.
 */
export function raiseThreadPriority(realtime: boolean): ThreadPriority {
  if (realtime) {
    try {
      const tid = readlinkSync('/proc/thread-self').split('/').at(-1)!;
      execFileSync('chrt', ['--fifo', '--pid', '1', tid], { stdio: 'ignore' });
      return 'real-time (SCHED_FIFO 1)';
    } catch {
      // Not root or no chrt: a nice value, if that is allowed.
    }
  }
  try {
    setPriority(-10); // Linux: this thread only
    return 'nice -10';
  } catch {
    return 'default';
  }
}
