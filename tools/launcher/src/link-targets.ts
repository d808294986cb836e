import { LINK_FAULT_KINDS, type FaultTarget, type LinkFaultSetting } from '@lab/faults';
import type { Link, LinkState, Toxic } from '@lab/links';

/** What a link fault puts in effect on a link: toxics on its directions, or a mode. */
export function linkStateFor(setting: LinkFaultSetting): LinkState {
  const on = (toxic: Toxic): LinkState => ({
    ...(setting.direction !== 'down' ? { up: toxic } : {}),
    ...(setting.direction !== 'up' ? { down: toxic } : {}),
  });
  switch (setting.kind) {
    case 'latency':
      return on({ kind: 'latency', addMs: setting.addMs ?? 0, jitterMs: setting.jitterMs ?? 0 });
    case 'bandwidth':
      return on({ kind: 'bandwidth', rateKBps: setting.rateKBps! });
    case 'blackhole':
    case 'partition':
      return on({ kind: 'blackhole' });
    case 'slow-close':
      return on({ kind: 'slow-close', delayMs: setting.delayMs ?? 0 });
    case 'reset':
      return { mode: 'reset' };
    case 'lost-reply':
      return { mode: 'lost-reply' };
  }
}

/** A link as something the fault injector can act on. */
export function linkFaultTarget(link: Link): FaultTarget {
  return {
    name: link.name,
    kinds: LINK_FAULT_KINDS,
    link: { client: link.spec.client, server: link.spec.server },
    setLinkFault: async (setting) => link.set(setting ? linkStateFor(setting) : {}),
    linkCounts: () => link.counters(),
  };
}
