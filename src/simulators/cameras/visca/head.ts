/**
 * The simulated PTZ head: positions move over time, computed from the clock when asked,
 * so there is no animation timer to stop.
 */
export interface AxisLimits {
  min: number;
  max: number;
}

/** One axis: either heading for a target at a speed, or driving at a velocity until stopped. */
export class Axis {
  private pos: number;
  private at: number;
  private target: number | undefined;
  /** Units per ms; signed for a drive, magnitude for a target move. */
  private rate = 0;

  constructor(
    readonly limits: AxisLimits,
    start: number,
    private readonly now: () => number,
  ) {
    this.pos = start;
    this.at = now();
  }

  get position(): number {
    this.advance();
    return Math.round(this.pos);
  }

  /** Still on the way to an absolute target (a drive does not count). */
  get heading(): boolean {
    this.advance();
    return this.target !== undefined;
  }

  get moving(): boolean {
    this.advance();
    return this.target !== undefined || this.rate !== 0;
  }

  /** Heads for `target` at `unitsPerSecond`; returns the ms until arrival. */
  moveTo(target: number, unitsPerSecond: number): number {
    this.advance();
    const t = Math.min(this.limits.max, Math.max(this.limits.min, target));
    this.target = t;
    this.rate = unitsPerSecond / 1000;
    const ms = Math.abs(t - this.pos) / this.rate;
    if (ms === 0) this.stop();
    return Number.isFinite(ms) ? ms : 0;
  }

  /** Moves at a signed speed until stop() or an end stop. */
  drive(unitsPerSecond: number): void {
    this.advance();
    this.target = undefined;
    this.rate = unitsPerSecond / 1000;
  }

  stop(): void {
    this.advance();
    this.target = undefined;
    this.rate = 0;
  }

  private advance(): void {
    const t = this.now();
    const dt = t - this.at;
    this.at = t;
    if (dt <= 0) return;
    if (this.target !== undefined) {
      const step = this.rate * dt;
      if (Math.abs(this.target - this.pos) <= step) {
        this.pos = this.target;
        this.target = undefined;
        this.rate = 0;
      } else this.pos += Math.sign(this.target - this.pos) * step;
      return;
    }
    if (this.rate === 0) return;
    this.pos = Math.min(this.limits.max, Math.max(this.limits.min, this.pos + this.rate * dt));
    if (this.pos === this.limits.max || this.pos === this.limits.min) this.rate = 0;
  }
}
