import { describe, expect, it } from 'vitest';
import { groupByVariant, median, medianOf } from './groups.js';

describe('groupByVariant', () => {
  it('keeps the order the variants first ran in, and each one’s repeats in order', () => {
    const runs = [
      { variant: 'sync', repeat: 1 },
      { variant: 'async', repeat: 1 },
      { variant: 'sync', repeat: 2 },
    ] as const;
    const groups = groupByVariant(runs);
    expect([...groups.keys()]).toEqual(['sync', 'async']);
    expect(groups.get('sync')!.map((r) => r.repeat)).toEqual([1, 2]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('leaves out what was not measured, and has none of nothing', () => {
    expect(median([null, 5, undefined, Infinity, NaN])).toBe(5);
    expect(median([])).toBeNull();
    expect(median([null])).toBeNull();
  });

  it('reads one measurement of each repetition', () => {
    expect(medianOf([{ v: 100 }, { v: 5000 }, { v: 200 }], (r) => r.v)).toBe(200);
  });
});
