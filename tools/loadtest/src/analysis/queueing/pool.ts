/**
 * A pool of c servers fed by Poisson arrivals (docs/queueing.md): its
 * ceiling, the chance of waiting, the mean and a quantile of the wait, and
 * the share refused when the queue is bounded. Times in the unit of `S`.
 */

/** Little's law: c servers each busy S per request serve at most c / S requests per unit of time. */
export function poolCeiling(c: number, serviceTime: number): number {
  return c / serviceTime;
}

/**
 * Erlang B, the share refused by c servers with no queue at offered load
 * a = λS, by the recursion B(k) = a·B(k−1) / (k + a·B(k−1)): no factorial
 * overflows, whatever c.
 */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C, the chance an arrival waits in M/M/c at offered load a = λS (a < c); 1 at or past it. */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1;
  const b = erlangB(c, a);
  return b / (1 - (a / c) * (1 - b));
}

/** What a pool's queue does to its arrivals, in the unit of S. */
export interface PoolWait {
  /** The share of arrivals that wait for a server. */
  readonly pWait: number;
  readonly meanWait: number;
  /** The wait at quantile q of all arrivals (0 when fewer than 1 − q wait at all). */
  readonly waitAt: (q: number) => number;
}

/**
 * M/M/c: with chance C an arrival waits, and its wait is exponential with rate
 * cμ − λ, so P(W > t) = C·e^(−(cμ−λ)t). Unstable (λ ≥ cμ): every wait grows
 * without bound, given as Infinity.
 */
export function mmc(c: number, lambda: number, serviceTime: number): PoolWait {
  const a = lambda * serviceTime;
  if (a >= c) return { pWait: 1, meanWait: Infinity, waitAt: () => Infinity };
  const pWait = erlangC(c, a);
  const drain = c / serviceTime - lambda;
  return {
    pWait,
    meanWait: pWait / drain,
    waitAt: (q) => (pWait <= 1 - q ? 0 : Math.log(pWait / (1 - q)) / drain),
  };
}

/**
 * Allen–Cunneen for M/G/c: the M/M/c wait scaled by (ca² + cs²) / 2, with ca²
 * and cs² the squared coefficients of variation of the gaps and the service
 * times. Fixed service times (M/D/c) halve it; for c = 1 this is exact
 * (Pollaczek–Khinchine). The chance of waiting is Erlang C's, which for fixed
 * service times is an upper bound (fewer wait than with exponential ones); the
 * wait of those who wait is scaled the same way, so its quantiles are too.
 */
export function allenCunneen(
  c: number,
  lambda: number,
  serviceTime: number,
  cs2: number,
  ca2 = 1,
): PoolWait {
  const m = mmc(c, lambda, serviceTime);
  const scale = (ca2 + cs2) / 2;
  return {
    pWait: m.pWait,
    meanWait: m.meanWait * scale,
    waitAt: (q) => m.waitAt(q) * scale,
  };
}

/**
 * M/M/c/K: c servers and room for K in all (c running, K − c waiting); the
 * share refused is the chance that K are already there, p_K (PASTA). The
 * terms are summed with rescaling, so a large c or K does not overflow.
 */
export function mmcKRefused(
  c: number,
  capacity: number,
  lambda: number,
  serviceTime: number,
): number {
  const a = lambda * serviceTime;
  const rho = a / c;
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= capacity; n++) {
    term *= n <= c ? a / n : rho;
    sum += term;
    if (sum > 1e200) {
      term /= sum;
      sum = 1;
    }
  }
  return term / sum;
}
