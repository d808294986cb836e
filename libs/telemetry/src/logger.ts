import { redact, redactText } from './redact.js';

export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  readonly level?: Level;
  /** Where lines go; stderr by default, so stdout stays free for readiness lines. */
  readonly write?: (line: string) => void;
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code !== undefined ? { code } : {}) };
  }
  return value;
}

/**
 * One JSON object per line: time, level, service, message, fields. Card
 * numbers and CVCs never get into a line (see redact.ts), whatever is logged.
 */
export function createLogger(
  service: string,
  options: LoggerOptions = {},
  base: Record<string, unknown> = {},
): Logger {
  const threshold = ORDER[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const log = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < threshold) return;
    const entry: Record<string, unknown> = { ...base };
    if (fields) for (const [k, v] of Object.entries(fields)) entry[k] = serialise(v);
    write(
      JSON.stringify({
        t: new Date().toISOString(),
        level,
        svc: service,
        msg: redactText(msg),
        ...(redact(entry) as Record<string, unknown>),
      }),
    );
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (fields) => createLogger(service, options, { ...base, ...fields }),
  };
}
