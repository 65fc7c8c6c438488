import { systemClock, type Clock } from './clock.js';
import { ScError } from './errors/index.js';

/**
 * Bounded waits, in one place. A hand-made `Promise.race` against a `setTimeout` tends to leave
 * its timer running after the work won (a stop that then waits seconds for nothing) and to
 * reject with an error that does not say what was awaited; these two helpers do neither.
 */
export interface TimeoutOptions {
  ms: number;
  /** What was awaited, named in the error: "the demo rooms to start", "the reply to GetStatus". */
  awaited: string;
  /** The error when time runs out; SC_ERR_TIMEOUT naming `awaited` when absent. */
  error?: () => Error;
  /** Runs when time runs out, before the rejection: abort the work, destroy a socket. */
  onTimeout?: () => void;
  clock?: Pick<Clock, 'after'>;
}

/** Settles as `work` does, or rejects once `ms` pass first. The timer is cleared either way. */
export function withTimeout<T>(work: Promise<T>, options: TimeoutOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const timer = clock.after(options.ms, () => {
      if (settled) return;
      settled = true;
      options.onTimeout?.();
      reject(options.error?.() ?? new ScError('SC_ERR_TIMEOUT', { ms: options.ms, awaited: options.awaited }));
    });
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        timer.cancel();
        resolve(value);
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        timer.cancel();
        reject(err);
      },
    );
  });
}

export type Waited<T> = { done: true; value: T } | { done: false };

/**
 * Waits for `work` at most `ms`, then goes on without it (a device still starting, a stop
 * grace period). A rejection of `work` within the time is passed on; one after it is ignored.
 */
export function waitAtMost<T>(work: Promise<T>, ms: number, clock: Pick<Clock, 'after'> = systemClock): Promise<Waited<T>> {
  return new Promise<Waited<T>>((resolve, reject) => {
    let settled = false;
    const timer = clock.after(ms, () => {
      if (settled) return;
      settled = true;
      resolve({ done: false });
    });
    work.then(
      (value) => {
        if (settled) return;
        settled = true;
        timer.cancel();
        resolve({ done: true, value });
      },
      (err: unknown) => {
        if (settled) return;
        settled = true;
        timer.cancel();
        reject(err);
      },
    );
  });
}
