import {
  pino,
  stdSerializers,
  stdTimeFunctions,
  type DestinationStream,
  type Logger as Pino,
} from 'pino';
import { REDACTED, REDACT_PATHS, redact, redactText } from './redact.js';
import { RepeatGate, errorCodeOf, type RepeatLimit } from './repeat-gate.js';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
type LineLevel = Exclude<Level, 'silent'>;

/** What every program logs through: a message and its fields, and child loggers that add fields. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  readonly level?: Level;
  /**
   * Where lines go, one JSON object each, without the newline; stderr by
   * default, so stdout stays free for readiness lines.
   */
  readonly write?: (line: string) => void;
  /**
   * At most `limit` identical warnings or errors (same message, same `err`
   * code) per `intervalMs`, then one "suppressed K similar" line for the
   * rest. Without it every line is written (tests, tools).
   */
  readonly repeats?: RepeatLimit;
}

/** Only warnings and errors repeat in bulk in an outage; debug and info lines are chosen by the level. */
const GATED: ReadonlySet<LineLevel> = new Set(['warn', 'error']);

/** An error as pino's serializer shapes it (type, message, stack, code, causes), card data taken out. */
const serialiseError = (value: unknown): unknown => redact(stdSerializers.err(value as Error));

/**
 * A line's fields as they may be written: every card number, CVC and expiry
 * taken out, errors serialised with their stacks. `err` is left to pino,
 * whose serializer for it is `serialiseError`.
 */
function prepare(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'err') out[key] = value;
    else out[key] = value instanceof Error ? serialiseError(value) : redact(value);
  }
  return out;
}

function destination(write: ((line: string) => void) | undefined): DestinationStream {
  if (!write) return process.stderr;
  return { write: (chunk: string) => write(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk) };
}

function wrap(log: Pino, gate: RepeatGate | undefined): Logger {
  const at =
    (level: LineLevel) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (!log.isLevelEnabled(level)) return;
      if (gate && GATED.has(level) && !gate.admit(level, msg, errorCodeOf(fields))) return;
      log[level](fields ? prepare(fields) : {}, redactText(msg));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (fields) => wrap(log.child(prepare(fields)), gate),
  };
}

/**
 * A pino logger behind the lab's Logger: one JSON object per line with the
 * conventional fields (`level` as a name, `time`, `msg`, `service`, `err`
 * with its stack). Card numbers and CVCs never get into a line (see
 * redact.ts), whatever is logged.
 */
export function createLogger(
  service: string,
  options: LoggerOptions = {},
  base: Record<string, unknown> = {},
): Logger {
  const log = pino(
    {
      level: options.level ?? 'info',
      base: { service },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serialiseError },
      redact: { paths: [...REDACT_PATHS], censor: REDACTED },
    },
    destination(options.write),
  );
  // Children share the gate: an outage repeats one message from many of them.
  const gate =
    options.repeats &&
    new RepeatGate(options.repeats, (s) =>
      log[s.level as LineLevel](
        {
          suppressed: s.count,
          repeated: redactText(s.msg),
          code: s.code,
          intervalMs: options.repeats!.intervalMs,
        },
        `suppressed ${s.count} similar`,
      ),
    );
  const root = wrap(log, gate);
  return Object.keys(base).length > 0 ? root.child(base) : root;
}
