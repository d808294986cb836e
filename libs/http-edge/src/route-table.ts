import type { IncomingMessage, ServerResponse } from 'node:http';
import { quoted } from './http-errors.js';

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: Readonly<Record<string, string>>;
  /** The parsed JSON body; throws a 4xx-mapped error when it is not one. */
  json(): Promise<unknown>;
}

/** A handler returns a reply, or nothing when it wrote the response itself (SSE). */
export type Handler = (ctx: RequestContext) => Promise<Reply | void>;

export interface Route {
  readonly method: 'GET' | 'POST';
  /** A path with `:name` segments, like /orders/:id/events. */
  readonly path: string;
  readonly handler: Handler;
}

/** Where a request goes: a route with its decoded params, or the answer when it goes nowhere. */
export type Match =
  | { readonly name: string; readonly route: Route; readonly params: Record<string, string> }
  | { readonly name: string; readonly reply: Reply };

interface Compiled {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

function compile(route: Route): Compiled {
  const names: string[] = [];
  const pattern = route.path.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, regex: new RegExp(`^${pattern}$`), names };
}

const invalid = (message: string): Reply => ({
  status: 400,
  body: { error: 'invalid_request', message },
});

/** The path of a request target (origin or absolute form), or undefined when it is none. */
function pathOf(target: string): string | undefined {
  try {
    return new URL(target, 'http://edge').pathname;
  } catch {
    return undefined;
  }
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** The edge's routes; matching never throws, whatever the request target holds. */
export class RouteTable {
  private readonly compiled: readonly Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile);
  }

  match(method: string, target: string): Match {
    const path = pathOf(target);
    if (path === undefined)
      return {
        name: 'unmatched',
        reply: invalid(`request target ${quoted(target)} is not a path`),
      };
    const hits = this.compiled.flatMap((c) => {
      const m = c.regex.exec(path);
      return m ? [{ c, m }] : [];
    });
    const hit = hits.find((h) => h.c.route.method === method);
    if (!hit)
      return {
        name: hits[0]?.c.route.path ?? 'unmatched',
        reply: nowhere(
          method,
          path,
          hits.map((h) => h.c.route.method),
        ),
      };
    const params: Record<string, string> = {};
    for (const [i, name] of hit.c.names.entries()) {
      const raw = hit.m[i + 1]!;
      const value = decode(raw);
      if (value === undefined)
        return {
          name: hit.c.route.path,
          reply: invalid(`path segment ${quoted(raw)} is not valid percent-encoding`),
        };
      params[name] = value;
    }
    return { name: hit.c.route.path, route: hit.c.route, params };
  }
}

function nowhere(method: string, path: string, allowed: readonly string[]): Reply {
  return allowed.length
    ? {
        status: 405,
        body: {
          error: 'method_not_allowed',
          message: `${method} is not allowed on ${quoted(path)}`,
        },
        headers: { allow: allowed.join(', ') },
      }
    : {
        status: 404,
        body: { error: 'not_found', message: `no route for ${method} ${quoted(path)}` },
      };
}
