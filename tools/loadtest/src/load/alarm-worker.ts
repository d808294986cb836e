/**
 * The alarm's thread (see alarm.ts): sleeps on a futex until each send of
 * the schedule is due, then wakes the sender's thread. It does nothing else,
 * so it is always asleep or just woken: real-time is safe for it at any rate.
 */
import { workerData } from 'node:worker_threads';
import { BEGUN, FIRED, STOP, hrNowMs, type AlarmShared } from './alarm.js';
import { raiseThreadPriority } from './thread-priority.js';

const { cells, base, times } = workerData as AlarmShared;
raiseThreadPriority(true);
Atomics.store(cells, STOP, 0);
Atomics.notify(cells, STOP);

const stopped = () => Atomics.load(cells, STOP) !== 0;
// Until the schedule begins (or the alarm stops: both notify BEGUN).
while (Atomics.load(cells, BEGUN) === 0 && !stopped()) Atomics.wait(cells, BEGUN, 0);

let next = 0;
while (next < times.length && !stopped()) {
  const now = hrNowMs();
  const left = base[0]! + times[next]! - now;
  if (left > 0) {
    // stop() notifies STOP, so the nap ends early then.
    Atomics.wait(cells, STOP, 0, left);
    continue;
  }
  // Late (a busy machine): one ring for everything due, the sender sends it all.
  while (next < times.length && base[0]! + times[next]! <= now) next++;
  Atomics.store(cells, FIRED, next);
  Atomics.notify(cells, FIRED);
}
