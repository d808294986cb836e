import type { Parser } from './parsers.js';

/** A value read so far, by path; defaults may depend on earlier settings. */
export type Resolved = ReadonlyMap<string, unknown>;

/**
 * One setting: the environment variable that sets it, where its value lands
 * in LabConfig, how it is read, its default and what it is for. `Env` and
 * `Path` are literal types, so the type of LabConfig is read off the list.
 */
export interface Setting<Env extends string = string, Path extends string = string, T = unknown> {
  /** The environment variable that overrides it. */
  readonly env: Env;
  /** Where it lands in LabConfig, dotted. */
  readonly path: Path;
  readonly parse: Parser<T>;
  readonly defaultValue: T | ((resolved: Resolved) => T);
  readonly doc: string;
}

export function setting<Env extends string, Path extends string, T>(
  env: Env,
  path: Path,
  parse: Parser<T>,
  defaultValue: NoInfer<T> | ((resolved: Resolved) => NoInfer<T>),
  doc: string,
): Setting<Env, Path, T> {
  return { env, path, parse, defaultValue, doc };
}

/** `sync` → `SYNC`, keeping the literal type, for the names of per-stack variables. */
export function upper<S extends string>(value: S): Uppercase<S> {
  return value.toUpperCase() as Uppercase<S>;
}
