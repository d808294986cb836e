import { describe, expect, it } from 'vitest';
import { timeUntilDone } from './time-until-done.js';

describe('timeUntilDone', () => {
  it('takes percentiles over every order offered, by nearest rank', () => {
    const done = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(timeUntilDone(done, 100)).toEqual({ offered: 100, done: 100, p50: 50, p99: 99 });
  });

  it('is never done at p99 when more than 1 % were never done', () => {
    const done = Array.from({ length: 98 }, (_, i) => i + 1);
    expect(timeUntilDone(done, 100)).toMatchObject({ done: 98, p50: 50, p99: null });
    expect(timeUntilDone([5, 1, 3, 2], 7)).toMatchObject({ p50: 5, p99: null });
    expect(timeUntilDone([5, 1, 3], 7)).toMatchObject({ p50: null, p99: null });
  });

  it('has no percentiles when nothing was offered', () => {
    expect(timeUntilDone([], 0)).toEqual({ offered: 0, done: 0, p50: null, p99: null });
  });
});
