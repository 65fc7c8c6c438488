/**
 * A FIFO mutex: `run(fn)` waits until every earlier caller has finished. One request in
 * flight per link is built on this, so two scenes can never interleave bytes on a cable.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    this.waiting += 1;
    try {
      await previous;
      return await fn();
    } finally {
      this.waiting -= 1;
      release();
    }
  }

  /** Callers waiting or running. */
  get pending(): number {
    return this.waiting;
  }
}
