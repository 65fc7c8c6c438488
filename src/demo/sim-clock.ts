import type { Clock } from '../agent/clock.js';

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

  /** Real milliseconds for a span of simulated time. */
  real(simMs: number): number {
    return simMs / this.pace;
  }
}
