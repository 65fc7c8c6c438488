import type { Logger } from 'pino';
import type { FaultKind } from './room-devices.js';

const MINUTE = 60_000;
const KINDS: readonly FaultKind[] = ['panel', 'camera', 'recorder'];

/**
 * Now and then a device of the room fails and comes back (a panel that stops answering, a camera
 * that goes silent, a recorder that stops by itself), so the dashboard and its alerts have
 * something to show. Times are in simulated time.
 */
export class FaultInjector {
  private nextAt: number;
  private active: { kind: FaultKind; until: number } | undefined;

  constructor(private readonly ctx: { now: number; meanGapMs: number; apply: (kind: FaultKind, on: boolean) => void; log: Logger; random: () => number }) {
    this.nextAt = ctx.now + this.gap();
  }

  private gap(): number {
    return -Math.log(1 - this.ctx.random()) * this.ctx.meanGapMs;
  }

  tick(now: number): void {
    const { random, apply, log } = this.ctx;
    if (this.active !== undefined) {
      if (now < this.active.until) return;
      apply(this.active.kind, false);
      log.info({ fault: this.active.kind }, 'simulated fault over');
      this.active = undefined;
      this.nextAt = now + this.gap();
      return;
    }
    if (now < this.nextAt) return;
    const kind = KINDS[Math.floor(random() * KINDS.length)] ?? 'panel';
    this.active = { kind, until: now + (3 + random() * 12) * MINUTE };
    apply(kind, true);
    log.info({ fault: kind }, 'simulated fault');
  }

  /** Puts every device back (the demo is stopping). */
  clear(): void {
    if (this.active !== undefined) this.ctx.apply(this.active.kind, false);
    this.active = undefined;
  }
}
