import { describe, expect, it } from 'vitest';
import { UsageError, readArgs, type ArgSpec } from './args.js';

const spec: ArgSpec = {
  withValue: new Set(['out', 'scenario']),
  switches: new Set(['quick', 'help', 'no-progress']),
  positionals: true,
};
const read = (...argv: string[]) => readArgs(argv, spec);
const refused = (argv: string[], message: string, s: ArgSpec = spec) => {
  expect(() => readArgs(argv, s)).toThrow(UsageError);
  expect(() => readArgs(argv, s)).toThrow(message);
};

describe('readArgs', () => {
  it('keeps everything after the first = as the value', () => {
    expect(read('--out=/a=b').flags.get('out')).toBe('/a=b');
    expect(read('--out', '/a=b').flags.get('out')).toBe('/a=b');
  });

  it('reads switches, -h, and positionals in any order', () => {
    const { flags, positionals } = read('compare', '--quick', '-h', '--no-progress', 'x');
    expect([...flags]).toEqual([
      ['quick', true],
      ['help', true],
      ['no-progress', true],
    ]);
    expect(positionals).toEqual(['compare', 'x']);
  });

  it('names an unknown flag, a missing value and a value given to a switch', () => {
    refused(['--nope'], 'unknown option --nope');
    refused(['--out'], '--out needs a value');
    refused(['--scenario', '--quick'], '--scenario needs a value');
    refused(['--quick=yes'], '--quick takes no value');
  });

  it('refuses words that are not flags where none are allowed', () => {
    refused(['stray'], 'unexpected argument stray', { ...spec, positionals: false });
  });
});
