/**
 * Which links a fault's target names. A link is `client->server`; either
 * side of a target with `->` is a comma list of names where `*` stands for
 * anything. A name alone picks every link it is an end of; a service's name
 * picks its replicas' links too (`sync-payment` and `sync-payment-2`); a
 * stack's name (`sync`) every link of the stack.
 */

import { isVariant } from '@lab/domain';

export interface LinkEnds {
  readonly client: string;
  readonly server: string;
}

/** A name pattern: `*` is any run of characters; a plain name also matches its replicas. */
function pattern(text: string): RegExp {
  const body = text
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(text.includes('*') ? `^${body}$` : `^${body}(-\\d+)?$`);
}

const anyOf = (list: string) => {
  const patterns = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (isVariant(s) ? pattern(`${s}-*`) : pattern(s)));
  return (name: string) => patterns.some((p) => p.test(name));
};

/**
 * Whether `target` names the link. `bothWays` (a partition) also takes a
 * link from the server side to the client side of an `A->B` target.
 */
export function selectsLink(target: string, link: LinkEnds, bothWays = false): boolean {
  const arrow = target.indexOf('->');
  if (arrow < 0) {
    const side = anyOf(target);
    return side(link.client) || side(link.server);
  }
  const from = anyOf(target.slice(0, arrow));
  const to = anyOf(target.slice(arrow + 2));
  return (
    (from(link.client) && to(link.server)) || (bothWays && from(link.server) && to(link.client))
  );
}
