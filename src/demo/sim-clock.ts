import type { Clock, TimerHandle } from '../core/clock.js';

/**
 * Simulated time for `--pace X`: it starts at the real time `epoch` and runs X times faster, so a
 * minute of demo shows an hour of school days. Timetables, teachers and faults all read it.
 */
export class PacedClock implements Clock {
  constructor(
    readonly epoch: number,
    readonly pace: number,
  ) {}

  now(): number {
    return this.epoch + (Date.now() - this.epoch) * this.pace;
  }

  /** Timers in simulated time: an hour of the demo's day passes in an hour / pace. */
  after(ms: number, fn: () => void): TimerHandle {
    const t = setTimeout(fn, this.real(ms));
    return { cancel: () => clearTimeout(t) };
  }

  every(ms: number, fn: () => void): TimerHandle {
    const t = setInterval(fn, Math.max(1, this.real(ms)));
    return { cancel: () => clearInterval(t) };
  }

  /** Real milliseconds for a span of simulated time. */
  real(simMs: number): number {
    return simMs / this.pace;
  }
}
