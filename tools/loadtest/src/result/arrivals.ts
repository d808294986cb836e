/** How an open loop's requests arrive (DESIGN.md section 6). */

/** The arrival processes a scenario or the command line can name. */
export const ARRIVAL_PROCESSES = ['uniform', 'poisson', 'bursty'] as const;
export type ArrivalProcess = (typeof ARRIVAL_PROCESSES)[number];

/**
 * On/off periods, as a flash sale: `onS` seconds at `onRate`, then `offS`
 * seconds at `offRate`, repeated; arrivals inside each period are Poisson.
 */
export interface BurstPeriods {
  readonly onS: number;
  readonly offS: number;
  /** Requests per second while on. */
  readonly onRate: number;
  /** Requests per second while off (0: silence between bursts). */
  readonly offRate: number;
}

export type Arrivals =
  | {
      /** Evenly spaced: the best case for a bounded pool, nothing ever bunches up. */
      readonly process: 'uniform';
    }
  | {
      /** Exponential gaps drawn from the run's seed: customers arriving independently. */
      readonly process: 'poisson';
    }
  | ({ readonly process: 'bursty' } & BurstPeriods);
