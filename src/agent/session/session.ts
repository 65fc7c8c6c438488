import type { Logger } from 'pino';
import type { EventBus } from '../../core/event-bus.js';
import type { SessionState } from '../../contract/mqtt/payloads.js';
import type { Clock } from '../../core/clock.js';
import type { Actor, RoomEvents, SessionProblem, SessionSnapshot } from '../events.js';

export interface SessionContext {
  bus: EventBus<RoomEvents>;
  log: Logger;
  clock: Clock;
}

/** Which states may follow which: anything else is a bug in the controller, not a teacher's mistake. */
const NEXT: Readonly<Record<SessionState, readonly SessionState[]>> = {
  idle: ['starting'],
  starting: ['live', 'degraded', 'idle'],
  live: ['ending', 'degraded'],
  degraded: ['ending', 'live'],
  ending: ['idle'],
};

export interface SessionDetails {
  scene?: string;
  course?: string;
  teacher?: string;
  slot?: SessionSnapshot['slot'];
  problems?: SessionProblem[];
}

/** The room's session: idle -> starting -> live | degraded -> ending -> idle, with who moved it. */
export class Session {
  private current: SessionSnapshot | undefined;

  constructor(private readonly ctx: SessionContext) {}

  snapshot(): SessionSnapshot {
    this.current ??= { state: 'idle', since: this.ctx.clock.now(), by: { kind: 'system' } };
    return structuredClone(this.current);
  }

  get state(): SessionState {
    return this.snapshot().state;
  }

  /** Moves to `state`; details of the class (course, teacher, slot) carry over until idle. */
  move(state: SessionState, by: Actor, details: SessionDetails = {}): SessionSnapshot {
    const previous = this.snapshot();
    if (!NEXT[previous.state].includes(state)) {
      throw new Error(`session cannot go from ${previous.state} to ${state}`);
    }
    const keep = state === 'idle' ? {} : { course: previous.course, teacher: previous.teacher, slot: previous.slot };
    const next: SessionSnapshot = { state, since: this.ctx.clock.now(), by, ...keep, ...details };
    for (const key of Object.keys(next) as (keyof SessionSnapshot)[]) if (next[key] === undefined) delete next[key];
    this.current = next;
    this.ctx.log.info({ from: previous.state, to: state, by, course: next.course, problems: next.problems?.length }, 'session changed');
    this.ctx.bus.emit('session', { ...structuredClone(next), previous: previous.state });
    return this.snapshot();
  }

  /**
   * While a class runs, what is wrong with it now: `live` with no problems, `degraded` with
   * some. `since` stays when the class started, so the teacher's class time runs on; only a
   * real change is announced. Returns undefined when no class is running.
   */
  setProblems(problems: readonly SessionProblem[], by: Actor = { kind: 'system' }): SessionSnapshot | undefined {
    const previous = this.snapshot();
    if (previous.state !== 'live' && previous.state !== 'degraded') return undefined;
    const state: SessionState = problems.length === 0 ? 'live' : 'degraded';
    if (state === previous.state && JSON.stringify(previous.problems ?? []) === JSON.stringify(problems)) return previous;
    const { problems: _old, ...rest } = previous;
    const next: SessionSnapshot = { ...rest, state, by, ...(problems.length === 0 ? {} : { problems: structuredClone([...problems]) }) };
    this.current = next;
    this.ctx.log.info({ from: previous.state, to: state, by, problems: problems.map((p) => `${p.device ?? ''} ${p.code}`) }, 'session problems changed');
    this.ctx.bus.emit('session', { ...structuredClone(next), previous: previous.state });
    return this.snapshot();
  }

  /** Attaches a timetable slot to a session that a person started during it. */
  attachSlot(details: Pick<SessionDetails, 'course' | 'teacher' | 'slot'>): void {
    if (this.current === undefined || this.current.state === 'idle') return;
    this.current = { ...this.current, ...details };
  }
}
