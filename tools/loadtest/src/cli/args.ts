import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** A command line that cannot run: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface ReadArgs {
  /** Each flag given, by its long name: its value, or true for a switch. */
  readonly flags: Map<string, string | true>;
  readonly positionals: string[];
}

export interface ArgSpec {
  /** Flags that take a value (`--out DIR`, `--out=DIR`). */
  readonly withValue: ReadonlySet<string>;
  /** Flags that take none; `help` is also `-h`. */
  readonly switches: ReadonlySet<string>;
  /** Whether words that are not flags are allowed. */
  readonly positionals: boolean;
}

/** node:util's messages, said the way the rest of the tool says them. */
function usageMessage(error: Error & { code?: string }): string {
  const named = /'(-[^' ]*)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${named ?? error.message}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? error.message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return / does not take an argument/.test(error.message)
        ? `${named} takes no value`
        : `${named} needs a value`;
    default:
      return error.message;
  }
}

/**
 * Reads a command line with node:util's parseArgs: a value is everything
 * after the first `=` (`--out=/a=b` is `/a=b`), a value that looks like a
 * flag is refused, and every wrong flag is named in a UsageError.
 */
export function readArgs(argv: readonly string[], spec: ArgSpec): ReadArgs {
  const options: ParseArgsOptionsConfig = {};
  for (const name of spec.withValue) options[name] = { type: 'string' };
  for (const name of spec.switches)
    options[name] = name === 'help' ? { type: 'boolean', short: 'h' } : { type: 'boolean' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: spec.positionals,
      allowNegative: false,
    });
  } catch (error) {
    throw new UsageError(usageMessage(error as Error));
  }
  const flags = new Map<string, string | true>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === 'string') flags.set(name, value);
    else if (value === true) flags.set(name, true);
  }
  return { flags, positionals: parsed.positionals };
}
