/**
 * Parsers turn one environment string into a typed value, or throw a
 * ParseProblem whose message says what was expected. The loader adds the
 * setting's name, so the messages here never repeat it.
 */
export class ParseProblem extends Error {
  override readonly name = 'ParseProblem';
}

export type Parser<T> = (raw: string) => T;

export function integer(min: number, max: number): Parser<number> {
  return (raw) => {
    const value = Number(raw.trim());
    if (!/^-?\d+$/.test(raw.trim()) || value < min || value > max) {
      throw new ParseProblem(`expected an integer from ${min} to ${max}`);
    }
    return value;
  };
}

export const port: Parser<number> = (raw) => {
  try {
    return integer(1, 65535)(raw);
  } catch {
    throw new ParseProblem('expected a TCP port, an integer from 1 to 65535');
  }
};

export function decimal(min: number, max: number): Parser<number> {
  return (raw) => {
    const value = Number(raw.trim());
    if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
      throw new ParseProblem(`expected a number from ${min} to ${max}`);
    }
    return value;
  };
}

export const boolean: Parser<boolean> = (raw) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ParseProblem('expected true or false');
};

export function oneOf<T extends string>(values: readonly T[]): Parser<T> {
  return (raw) => {
    const v = raw.trim();
    if (!(values as readonly string[]).includes(v)) {
      throw new ParseProblem(`expected one of ${values.join(', ')}`);
    }
    return v as T;
  };
}

export function text(pattern: RegExp, what: string): Parser<string> {
  return (raw) => {
    if (!pattern.test(raw)) throw new ParseProblem(`expected ${what}`);
    return raw;
  };
}

/** A comma-separated list; empty items are not allowed. */
export function list<T>(item: Parser<T>, what: string): Parser<T[]> {
  return (raw) => {
    const parts = raw.split(',').map((p) => p.trim());
    if (parts.length === 0 || parts.some((p) => p === '')) {
      throw new ParseProblem(`expected a comma-separated list of ${what}`);
    }
    return parts.map((p) => {
      try {
        return item(p);
      } catch (error) {
        throw new ParseProblem(`"${p}": ${(error as Error).message}`);
      }
    });
  };
}

export function url(protocols: readonly string[]): Parser<string> {
  return (raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new ParseProblem(`expected a URL (${protocols.join(' or ')})`);
    }
    if (!protocols.includes(parsed.protocol.replace(/:$/, ''))) {
      throw new ParseProblem(`expected a ${protocols.join(' or ')} URL`);
    }
    return raw;
  };
}

/** host:port, as gRPC clients take it. */
export const address: Parser<string> = (raw) => {
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(raw);
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new ParseProblem('expected host:port');
  }
  return raw;
};
