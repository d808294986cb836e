/**
 * From a flat list of values at dotted paths to the nested object they make,
 * in types and at run time, so the config's type is read off its schema.
 */
import type { Parser } from './parsers.js';

/** A value of type `Value` at the dotted `Path`. */
export interface Leaf<Path extends string = string, Value = unknown> {
  readonly path: Path;
  readonly value: Value;
}

/** Lists are frozen with the rest of the config. */
type Frozen<T> = T extends readonly (infer I)[] ? readonly I[] : T;

/** One leaf per path: `stacks.sync.services.${ServiceName}.port` is five leaves. */
type EachPath<P extends string, V> = P extends string ? Leaf<P, V> : never;

/** The leaves a list of settings gives: each setting's path, with its parser's type. */
export type LeavesOf<S> = S extends {
  readonly path: infer P extends string;
  readonly parse: Parser<infer T>;
}
  ? EachPath<P, Frozen<T>>
  : never;

type Head<P extends string> = P extends `${infer H}.${string}` ? H : P;
type Below<L, H extends string> =
  L extends Leaf<`${H}.${infer Rest}`, infer V> ? Leaf<Rest, V> : never;
type At<L, H extends string> = L extends Leaf<H, infer V> ? V : never;

/** The frozen object whose value at each leaf's path has that leaf's type. */
export type Tree<L extends Leaf> = {
  readonly [H in Head<L['path']>]: [Below<L, H>] extends [never] ? At<L, H> : Tree<Below<L, H>>;
};

/**
 * Builds the object of `values`, path by path. `values` must hold every
 * path of `L`, each with its type there: the caller guarantees it (a value is
 * its setting's parsed input or default), the one thing the types cannot see.
 */
export function nest<L extends Leaf>(values: ReadonlyMap<string, unknown>): Tree<L> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of values) {
    const keys = path.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys.at(-1)!] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return root as Tree<L>;
}
