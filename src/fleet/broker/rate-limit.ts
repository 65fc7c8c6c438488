/**
 * A token bucket per connected room: `rate` messages per second with a burst of one second's
 * worth (a birth plus a burst of state after a reconnect is normal). `take()` answers how
 * long the caller should wait before the message may pass; the broker delays the client
 * by that much (back-pressure on its socket) and disconnects it when the delay grows absurd.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = rate;
    this.last = now();
  }

  /** Takes one token; returns 0 when it passes now, or the ms to wait. */
  take(): number {
    const t = this.now();
    this.tokens = Math.min(this.rate, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }
}
