import { describe, expect, expectTypeOf, it } from 'vitest';
import { integer, list, oneOf, type Parser } from './parsers.js';
import { nest, type Leaf, type LeavesOf, type Tree } from './tree.js';

describe('nest', () => {
  it('builds the nested object of dotted paths, copying lists', () => {
    const urls = ['a', 'b'];
    const tree = nest<Leaf<'a.b.c', number> | Leaf<'a.d', readonly string[]> | Leaf<'e', boolean>>(
      new Map<string, unknown>([
        ['a.b.c', 1],
        ['a.d', urls],
        ['e', true],
      ]),
    );
    expect(tree).toEqual({ a: { b: { c: 1 }, d: ['a', 'b'] }, e: true });
    expect(tree.a.d).not.toBe(urls);
  });
});

describe('Tree and LeavesOf', () => {
  it('type each path by its parser, one leaf per path of a template', () => {
    type Settings =
      | { readonly path: `s.${'x' | 'y'}.port`; readonly parse: Parser<number> }
      | { readonly path: 'level'; readonly parse: Parser<'low' | 'high'> }
      | { readonly path: 's.x.urls'; readonly parse: Parser<string[]> };
    expectTypeOf<Tree<LeavesOf<Settings>>>().toEqualTypeOf<{
      readonly s: {
        readonly x: { readonly port: number; readonly urls: readonly string[] };
        readonly y: { readonly port: number };
      };
      readonly level: 'low' | 'high';
    }>();
    // The parsers' own types flow through.
    expectTypeOf(oneOf(['a', 'b'] as const)).toEqualTypeOf<Parser<'a' | 'b'>>();
    expectTypeOf(list(integer(0, 1), 'n')).toEqualTypeOf<Parser<number[]>>();
  });
});
