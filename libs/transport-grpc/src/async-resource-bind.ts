import { AsyncResource } from 'node:async_hooks';

let patched = false;

/**
 * Node 20's http2 client binds a callback to a new AsyncResource on every
 * request (`ClientHttp2Session.request`), and `AsyncResource.prototype.bind`
 * there wraps a getter and a setter in `util.deprecate` each time (DEP0172,
 * for a property nobody reads), a share of the sync gateway's CPU under load
 * (docs/performance.md). This puts back the same bind without the
 * deprecation wrappers: the function still runs in the resource's async
 * scope with the same `this` and arguments, keeps its `length`, and
 * `asyncResource` still reads and sets the resource. Node 20 only; other
 * versions are left as they are.
 */
export function cheaperAsyncResourceBind(): boolean {
  if (patched) return true;
  if (!process.versions.node.startsWith('20.')) return false;
  patched = true;
  type AnyFunction = (...args: unknown[]) => unknown;
  const prototype = AsyncResource.prototype as unknown as {
    bind(this: AsyncResource, fn: AnyFunction, thisArg?: unknown): AnyFunction;
  };
  prototype.bind = function bind(this: AsyncResource, fn: AnyFunction, thisArg?: unknown) {
    if (typeof fn !== 'function') {
      throw new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`);
    }
    // The bound function has a `this` of its own to pass on: the resource needs a name.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const resource = this;
    const bound: AnyFunction =
      thisArg === undefined
        ? function (this: unknown, ...args: unknown[]) {
            return resource.runInAsyncScope(fn, this, ...args);
          }
        : (...args: unknown[]) => resource.runInAsyncScope(fn, thisArg, ...args);
    let self = resource;
    Object.defineProperties(bound, {
      length: { configurable: true, enumerable: false, value: fn.length, writable: false },
      asyncResource: {
        configurable: true,
        enumerable: true,
        get: () => self,
        set: (value: AsyncResource) => {
          self = value;
        },
      },
    });
    return bound;
  };
  return true;
}
