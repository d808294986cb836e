import { describe, expect, it } from 'vitest';
import { progressTo } from './progress.js';

function output(isTTY: boolean) {
  const written: string[] = [];
  return { written, out: { isTTY, write: (t: string) => written.push(t) } };
}

describe('progressTo', () => {
  it('rewrites one line in place on a terminal, every time', () => {
    const { written, out } = output(true);
    const p = progressTo(out);
    p.line('a');
    p.line('b');
    p.clear();
    expect(written).toEqual(['\r\x1b[2Ka', '\r\x1b[2Kb', '\r\x1b[2K']);
  });

  it('prints a plain line at most every interval elsewhere, the first at once', () => {
    const { written, out } = output(false);
    let t = 0;
    const p = progressTo(out, 10_000, () => t);
    for (t = 0; t <= 25_000; t += 1000) p.line(`at ${t}`);
    p.clear();
    expect(written).toEqual(['at 0\n', 'at 10000\n', 'at 20000\n']);
  });
});
