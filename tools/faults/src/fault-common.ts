/** What every fault shares, process or link: its limits, its error, its times. */

/** The longest fault the lab will hold; a typo of "20m" for "20s" should not freeze a stack for hours. */
export const MAX_FAULT_MS = 10 * 60_000;

export class FaultRequestError extends Error {
  constructor(
    message: string,
    /** The HTTP status the control endpoint answers with. */
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
    this.name = 'FaultRequestError';
  }
}

/** What happened to a fault and when. */
export interface FaultTimes {
  readonly id: string;
  /** active: in effect; ended: undone (and, for crash/broker-down, started again); failed: could not be applied or undone. */
  readonly state: 'active' | 'ended' | 'failed';
  /** Epoch ms at which the fault took effect. */
  readonly appliedAt?: number;
  /** Epoch ms at which it was undone (the restart began, the process resumed, the step restored). */
  readonly endedAt?: number;
  /** Epoch ms at which the target served again (crash, broker-down: ready after the restart). */
  readonly recoveredAt?: number;
  readonly error?: string;
}
