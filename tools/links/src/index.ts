export type { Upstream } from './connection.js';
export { Link, linkName, startLinks, type LinkOptions, type LinkSpec, type Links } from './link.js';
export { LinkProxy, type LinkProxyOptions } from './link-proxy.js';
export {
  DIRECTIONS,
  describeState,
  zeroCounters,
  type Direction,
  type LinkCounters,
  type LinkMode,
  type LinkState,
  type Toxic,
} from './toxic.js';
