import type { Logger } from 'pino';
import type { RoomController } from '../agent/controller.js';
import { messageOf } from '../core/errors/index.js';
import type { DemoSlot } from './plan.js';

const MINUTE = 60_000;

/** The keypad by the door, in rooms that have one: a press sends the key's input reports. */
export interface TeacherKeypad {
  press(key: number): void;
  keys: { startClass: number; endClass: number };
}

/**
 * A simulated teacher: walks in a few minutes before the slot and taps "Start class" on the wall
 * panel (or, in a room with a keypad, half the time presses its start key), ends it around the
 * end of the slot (some early, some late) the same way, and now and then does not come at all.
 * The timetable's auto-end catches a class left running.
 */
export class Teacher {
  private readonly handled = new Set<string>();
  private active: { slot: DemoSlot; endAt: number; keypad: boolean } | undefined;
  private busy = false;

  constructor(private readonly ctx: { slots: readonly DemoSlot[]; controller: RoomController; log: Logger; random: () => number; keypad?: TeacherKeypad; waitMs?: number }) {}

  tick(now: number): void {
    if (this.busy) return;
    const { controller, random } = this.ctx;
    const state = controller.snapshot().session.state;
    if (this.active !== undefined) {
      if (state === 'idle') this.active = undefined;
      else if (now >= this.active.endAt && (state === 'live' || state === 'degraded')) {
        const by = { kind: 'wall-panel' as const, name: this.active.slot.teacher };
        const viaKeypad = this.active.keypad;
        this.active = undefined;
        const tap = (): Promise<unknown> => controller.endSession(by);
        this.run(viaKeypad ? this.pressKey('endClass', state, tap) : tap(), 'end');
      }
      return;
    }
    if (state !== 'idle') return;
    const slot = this.ctx.slots.find((s) => now >= s.start - 4 * MINUTE && now < s.end - 10 * MINUTE && !this.handled.has(s.uid));
    if (slot === undefined) return;
    this.handled.add(slot.uid);
    if (random() < 0.08) return;
    // Arrives some time in the four minutes before the start (or late, if the demo began mid-slot).
    const keypad = this.ctx.keypad !== undefined && random() < 0.5;
    this.active = { slot, endAt: slot.end + (random() * 12 - 8) * MINUTE, keypad };
    const tap = (): Promise<unknown> => controller.startSession({ kind: 'wall-panel', name: slot.teacher }, { course: slot.course, teacher: slot.teacher });
    this.run(keypad ? this.pressKey('startClass', 'idle', tap) : tap(), 'start');
  }

  /**
   * Presses a keypad key and waits (a few seconds at most) for the session to leave `from`; a
   * keypad that is not open, or a press that changes nothing, sends the teacher to the wall panel.
   */
  private async pressKey(which: keyof TeacherKeypad['keys'], from: string, fallback: () => Promise<unknown>): Promise<unknown> {
    const keypad = this.ctx.keypad;
    try {
      if (keypad === undefined) throw new Error('no keypad');
      keypad.press(keypad.keys[which]);
    } catch (err) {
      this.ctx.log.info({ err: messageOf(err) }, 'the keypad did not answer; the teacher uses the wall panel');
      return fallback();
    }
    const deadline = Date.now() + (this.ctx.waitMs ?? 5000);
    while (Date.now() < deadline) {
      if (this.ctx.controller.snapshot().session.state !== from) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.ctx.log.info({ key: which }, 'the key press changed nothing; the teacher uses the wall panel');
    return fallback();
  }

  private run(work: Promise<unknown>, what: string): void {
    this.busy = true;
    work
      .catch((err: unknown) => this.ctx.log.warn({ err: messageOf(err), what }, 'the simulated teacher could not do it'))
      .finally(() => (this.busy = false));
  }
}
