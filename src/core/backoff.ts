/**
 * Jittered exponential backoff ("full jitter"): the n-th delay is uniform in
 * [min, min(max, base * 2^n)], so a fleet of rooms that lost the same link does not
 * reconnect in lockstep.
 */
export interface BackoffSettings {
  initialMs: number;
  maxMs: number;
  /** 0 = no jitter, 1 = full jitter. */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;

  constructor(private readonly settings: BackoffSettings) {}

  next(): number {
    const { initialMs, maxMs, jitter = 1, random = Math.random } = this.settings;
    const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    const floor = ceiling * (1 - jitter);
    return Math.round(floor + (ceiling - floor) * random());
  }

  get attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
