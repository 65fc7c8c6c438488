import type { Logger } from 'pino';
import type { RoomController } from '../agent/controller.js';
import { messageOf } from '../core/errors/index.js';
import type { DemoSlot } from './plan.js';

const MINUTE = 60_000;

/**
 * A simulated teacher: walks in a few minutes before the slot and taps "Start class" on the wall
 * panel, ends it around the end of the slot (some early, some late), and now and then does not
 * come at all. The timetable's auto-end catches a class left running.
 */
export class Teacher {
  private readonly handled = new Set<string>();
  private active: { slot: DemoSlot; endAt: number } | undefined;
  private busy = false;

  constructor(private readonly ctx: { slots: readonly DemoSlot[]; controller: RoomController; log: Logger; random: () => number }) {}

  tick(now: number): void {
    if (this.busy) return;
    const { controller, random } = this.ctx;
    const state = controller.snapshot().session.state;
    if (this.active !== undefined) {
      if (state === 'idle') this.active = undefined;
      else if (now >= this.active.endAt && (state === 'live' || state === 'degraded')) {
        const by = { kind: 'wall-panel' as const, name: this.active.slot.teacher };
        this.active = undefined;
        this.run(controller.endSession(by), 'end');
      }
      return;
    }
    if (state !== 'idle') return;
    const slot = this.ctx.slots.find((s) => now >= s.start - 4 * MINUTE && now < s.end - 10 * MINUTE && !this.handled.has(s.uid));
    if (slot === undefined) return;
    this.handled.add(slot.uid);
    if (random() < 0.08) return;
    // Arrives some time in the four minutes before the start (or late, if the demo began mid-slot).
    this.active = { slot, endAt: slot.end + (random() * 12 - 8) * MINUTE };
    this.run(controller.startSession({ kind: 'wall-panel', name: slot.teacher }, { course: slot.course, teacher: slot.teacher }), 'start');
  }

  private run(work: Promise<unknown>, what: string): void {
    this.busy = true;
    work
      .catch((err: unknown) => this.ctx.log.warn({ err: messageOf(err), what }, 'the simulated teacher could not do it'))
      .finally(() => (this.busy = false));
  }
}
