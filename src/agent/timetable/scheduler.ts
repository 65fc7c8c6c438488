import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { EventBus } from '../../core/event-bus.js';
import { messageOf, toScError, type ScError } from '../../core/errors/index.js';
import type { Clock } from '../../core/clock.js';
import type { ClassDetails, SessionOutcome } from '../controller.js';
import type { Actor, RoomEvents, SessionSnapshot, TimetableSlot } from '../events.js';
import { parseCalendar, slotsBetween, type Calendar } from './ical.js';
import type { TimetableSource } from './source.js';
import { writeFileAtomic } from './files.js';

/** The part of the room the timetable drives. */
export interface SessionPort {
  session(): SessionSnapshot;
  startSession(by: Actor, details: ClassDetails): Promise<SessionOutcome>;
  endSession(by: Actor): Promise<SessionOutcome>;
  attachSlot(slot: TimetableSlot): void;
}

export interface TimetableContext {
  source: TimetableSource;
  room: SessionPort;
  clock: Clock;
  bus: EventBus<RoomEvents>;
  log: Logger;
  timezone: string;
  leadMs: number;
  graceMs: number;
  autoStart: boolean;
  autoEnd: boolean;
  /** Which slots were already handled, so a restart or a clock set back does not start one twice. */
  stateFile: string;
  tickMs: number;
  refreshMs: number;
}

const BY: Actor = { kind: 'timetable' };
const DAY = 86_400_000;

/**
 * Starts classes `leadMs` before their slot and ends them `graceMs` after it. Decisions are
 * made from the wall clock on every tick, never from timers set hours ahead, and each slot
 * (event UID + UTC start) is acted on once: a clock jump back replays nothing, a jump forward
 * over a whole slot skips it, a jump into a slot starts it, and DST moves no class.
 */
export class Timetable {
  private calendar: Calendar | undefined;
  private loaded: { from: string; at: number; error?: ScError } | undefined;
  private lastError: ScError | undefined;
  private handled = new Map<string, number>();
  private ended = new Set<string>();
  private tickTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;

  constructor(private readonly ctx: TimetableContext) {}

  async start(): Promise<void> {
    this.readState();
    await this.refresh();
    await this.tick();
    this.tickTimer = setInterval(() => void this.tick(), this.ctx.tickMs);
    this.refreshTimer = setInterval(() => void this.refresh(), this.ctx.refreshMs);
    this.tickTimer.unref();
    this.refreshTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.tickTimer);
    clearInterval(this.refreshTimer);
    this.tickTimer = undefined;
    this.refreshTimer = undefined;
    await this.ticking;
  }

  /** Loads the feed (or the cache); a failure keeps the calendar already loaded. */
  async refresh(): Promise<void> {
    try {
      const loaded = await this.ctx.source.load();
      this.calendar = parseCalendar(loaded.text, this.ctx.source.description, this.ctx.timezone);
      this.loaded = { from: loaded.from, at: loaded.at, ...(loaded.error === undefined ? {} : { error: loaded.error }) };
      this.lastError = loaded.error;
      const slots = this.upcoming(1000).length;
      this.ctx.log.info({ from: loaded.from, slots }, 'timetable loaded');
      this.ctx.bus.emit('timetable', { source: loaded.from, slots, ts: this.ctx.clock.now(), ...(loaded.error === undefined ? {} : { error: { code: loaded.error.code, message: loaded.error.message } }) });
    } catch (err) {
      const error = toScError(err);
      this.lastError = error;
      this.ctx.log.warn({ code: error.code, err: error.message }, 'timetable not loaded');
      this.ctx.bus.emit('timetable', { source: 'none', slots: 0, ts: this.ctx.clock.now(), error: { code: error.code, message: error.message } });
    }
  }

  /** Slots still to come or running now, soonest first. */
  upcoming(limit = 5): TimetableSlot[] {
    if (this.calendar === undefined) return [];
    const now = this.ctx.clock.now();
    return slotsBetween(this.calendar, now, now + 8 * DAY).slice(0, limit);
  }

  snapshot(): { source?: string; loadedFrom?: string; loadedAt?: number; error?: { code: string; message: string }; upcoming: TimetableSlot[] } {
    return {
      source: this.ctx.source.description,
      ...(this.loaded === undefined ? {} : { loadedFrom: this.loaded.from, loadedAt: this.loaded.at }),
      ...(this.lastError === undefined ? {} : { error: { code: this.lastError.code, message: this.lastError.message } }),
      upcoming: this.upcoming(),
    };
  }

  /** One decision from the clock as it reads now. Ticks never overlap. */
  tick(): Promise<void> {
    this.ticking ??= this.decide()
      .catch((err: unknown) => this.ctx.log.error({ err: messageOf(err) }, 'timetable tick failed'))
      .finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async decide(): Promise<void> {
    if (this.calendar === undefined) return;
    const now = this.ctx.clock.now();
    const slots = slotsBetween(this.calendar, now - DAY, now + DAY);
    const due = (s: TimetableSlot): boolean => s.start - this.ctx.leadMs <= now && now < s.end;
    const session = this.ctx.room.session();
    const active = session.state !== 'idle' && session.state !== 'ending';

    if (active && session.slot === undefined) {
      // Started by hand during a slot: the class is that slot's (course, teacher, end time).
      const slot = slots.find((s) => due(s) && !this.handled.has(s.id));
      if (slot !== undefined) {
        this.markHandled(slot);
        this.ctx.room.attachSlot(slot);
      }
      return;
    }
    if (active && session.slot !== undefined && now >= session.slot.end) {
      const next = slots.find((s) => due(s) && !this.handled.has(s.id) && s.id !== session.slot?.id);
      if (next !== undefined) {
        // Back-to-back classes in the same room: hand the session over instead of switching everything off and on.
        this.markHandled(next);
        this.ctx.room.attachSlot(next);
        this.ctx.log.info({ slot: next.id, course: next.course }, 'next timetable slot continues the session');
        return;
      }
      if (this.ctx.autoEnd && now >= session.slot.end + this.ctx.graceMs && !this.ended.has(session.slot.id)) {
        this.ended.add(session.slot.id);
        this.ctx.log.info({ slot: session.slot.id, overrunMs: now - session.slot.end }, 'timetable slot over; ending the class');
        await this.ctx.room.endSession(BY);
      }
      return;
    }
    if (session.state !== 'idle' || !this.ctx.autoStart) return;
    const slot = slots.find((s) => due(s) && !this.handled.has(s.id));
    if (slot === undefined) return;
    this.markHandled(slot);
    this.ctx.log.info({ slot: slot.id, course: slot.course, teacher: slot.teacher }, 'timetable slot due; starting the class');
    await this.ctx.room.startSession(BY, { slot });
  }

  private markHandled(slot: TimetableSlot): void {
    this.handled.set(slot.id, slot.end);
    const horizon = this.ctx.clock.now() - 2 * DAY;
    for (const [id, end] of this.handled) if (end < horizon) this.handled.delete(id);
    try {
      writeFileAtomic(this.ctx.stateFile, JSON.stringify({ handled: Object.fromEntries(this.handled) }));
    } catch (err) {
      this.ctx.log.warn({ err: messageOf(err), file: this.ctx.stateFile }, 'cannot save the timetable state');
    }
  }

  private readState(): void {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.ctx.stateFile, 'utf8'));
      const handled = typeof parsed === 'object' && parsed !== null && 'handled' in parsed ? parsed.handled : undefined;
      if (typeof handled === 'object' && handled !== null) {
        for (const [id, end] of Object.entries(handled)) if (typeof end === 'number') this.handled.set(id, end);
      }
    } catch {
      // No state yet (first start) or an unreadable file: start from nothing.
    }
  }
}
