import { AsyncResource, executionAsyncId } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { cheaperAsyncResourceBind } from './async-resource-bind.js';

describe('cheaperAsyncResourceBind', () => {
  const onNode20 = process.versions.node.startsWith('20.');

  it('replaces the bind on Node 20 only', () => {
    expect(cheaperAsyncResourceBind()).toBe(onNode20);
  });

  it('still runs the function in the resource’s scope, with its this and arguments', () => {
    cheaperAsyncResourceBind();
    const resource = new AsyncResource('spec');
    const seen: unknown[] = [];
    const fn = function (this: unknown, a: number, b: number) {
      seen.push(this, a, b, executionAsyncId());
      return a + b;
    };
    const bound = resource.bind(fn) as unknown as typeof fn & { asyncResource: AsyncResource };
    const target = { name: 'target' };
    expect(bound.call(target, 2, 3)).toBe(5);
    expect(seen).toEqual([target, 2, 3, resource.asyncId()]);
    expect(bound.length).toBe(2);
    expect(bound.asyncResource).toBe(resource);

    const withThis = (
      resource as unknown as { bind(f: typeof fn, t: unknown): (a: number, b: number) => number }
    ).bind(fn, target);
    seen.length = 0;
    expect(withThis(1, 1)).toBe(2);
    expect(seen).toEqual([target, 1, 1, resource.asyncId()]);
  });

  it('refuses what is not a function, as Node does', () => {
    cheaperAsyncResourceBind();
    expect(() => new AsyncResource('spec').bind(42 as never)).toThrow(TypeError);
  });

  it('no longer wraps anything in a deprecation', () => {
    if (!onNode20) return;
    cheaperAsyncResourceBind();
    const bound = new AsyncResource('spec').bind(() => 1);
    const getter = Object.getOwnPropertyDescriptor(bound, 'asyncResource')!.get!;
    // util.deprecate's wrapper is named deprecated; ours is the plain getter.
    expect(getter.name).not.toBe('deprecated');
  });
});
