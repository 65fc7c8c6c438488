/**
 * The one clock of the product: wall time and timers, injectable. Whatever must be tested across
 * time (the timetable over DST and clock jumps, the uplink's reconnect and health timers through
 * mqtt.js's `timerVariant`, a driver's login backoff) takes a Clock, so a test or the bandwidth
 * benchmark moves time with a ManualClock instead of waiting.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  after(ms: number, fn: () => void): TimerHandle;
  every(ms: number, fn: () => void): TimerHandle;
}

/** Real time (stateless, so one shared object is no singleton state). */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  after: (ms: number, fn: () => void): TimerHandle => {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
  every: (ms: number, fn: () => void): TimerHandle => {
    const t = setInterval(fn, ms);
    return { cancel: () => clearInterval(t) };
  },
});

interface Pending {
  at: number;
  order: number;
  fn: () => void;
  interval?: number;
  cancelled: boolean;
}

/** A clock that moves only when told: `advance(ms)` fires every timer due, in time order. */
export class ManualClock implements Clock {
  private current: number;
  private counter = 0;
  private readonly timers = new Set<Pending>();

  constructor(start = Date.UTC(2025, 0, 6, 0, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): TimerHandle {
    return this.add({ at: this.current + Math.max(0, ms), order: this.counter++, fn, cancelled: false });
  }

  every(ms: number, fn: () => void): TimerHandle {
    const step = Math.max(1, ms);
    return this.add({ at: this.current + step, order: this.counter++, fn, interval: step, cancelled: false });
  }

  /** Moves time forward, firing due timers one by one (each sees `now()` at its own time). */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      let next: Pending | undefined;
      for (const t of this.timers) if (t.at <= end && (next === undefined || t.at < next.at || (t.at === next.at && t.order < next.order))) next = t;
      if (next === undefined) break;
      this.current = Math.max(this.current, next.at);
      if (next.interval === undefined) this.timers.delete(next);
      else next.at += next.interval;
      next.fn();
    }
    this.current = end;
  }

  /** Time until the next timer fires, or undefined when none is set. */
  nextIn(): number | undefined {
    let at: number | undefined;
    for (const t of this.timers) if (at === undefined || t.at < at) at = t.at;
    return at === undefined ? undefined : at - this.current;
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  private add(p: Pending): TimerHandle {
    this.timers.add(p);
    return {
      cancel: () => {
        p.cancelled = true;
        this.timers.delete(p);
      },
    };
  }
}
