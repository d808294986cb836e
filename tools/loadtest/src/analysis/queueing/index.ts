export { modelChecks, poolServiceS, type PoolSettings } from './checks.js';
export { check } from './compare.js';
export { burstAgainstPool, type BurstOutcome, type BurstPool } from './burst.js';
export { outageBacklog, type OutageModel } from './outage.js';
export {
  allenCunneen,
  erlangB,
  erlangC,
  mmc,
  mmcKRefused,
  poolCeiling,
  type PoolWait,
} from './pool.js';
