import { describe, expect, it } from 'vitest';
import { colorOf } from './chart-spec.js';

describe('colorOf', () => {
  it('gives each variant its colour on every chart, and others a spare one in turn', () => {
    expect(colorOf('sync', 5)).toBe(colorOf('sync', 0));
    expect(new Set(['sync', 'async', 'hybrid'].map((v) => colorOf(v, 0))).size).toBe(3);
    expect(colorOf('other', 0)).not.toBe(colorOf('other', 1));
    expect(colorOf('other', 0)).toBe(colorOf('other', 4));
  });
});
