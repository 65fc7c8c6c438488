import type { Logger } from 'pino';
import type { RoomIdentity, RoomSnapshot } from '../contract/room.js';
import type { EventBus } from '../core/event-bus.js';
import { ScError, toScError } from '../core/errors/index.js';
import type { DeviceState } from '../drivers/state.js';
import type { Clock } from '../core/clock.js';
import type { StepArgs } from './config.js';
import type { DeviceRegistry } from './devices/registry.js';
import type { Actor, HelpRequest, HelpState, RoomEvents, SceneResult, SessionProblem, SessionSnapshot, TimetableSlot } from './events.js';
import type { HelpDesk } from './help.js';
import { checkAction, runAction } from './scenes/actions.js';
import type { SceneEngine } from './scenes/engine.js';
import type { Session } from './session/session.js';
import type { SessionWatch } from './session/watch.js';

export interface RoomControllerContext {
  room: RoomIdentity;
  devices: DeviceRegistry;
  scenes: SceneEngine;
  session: Session;
  /** Turns a class degraded when a device fails during it (and live again when it is back). */
  watch: SessionWatch;
  help: HelpDesk;
  bus: EventBus<RoomEvents>;
  log: Logger;
  clock: Clock;
  remoteAllow: readonly string[];
  /** The next timetable slots, for the room's state (absent without a timetable). */
  upcoming?: () => TimetableSlot[];
  waitPollMs?: number;
  actionTimeoutMs?: number;
}

export interface ClassDetails {
  course?: string;
  teacher?: string;
  slot?: TimetableSlot;
}

export interface SessionOutcome {
  session: SessionSnapshot;
  /** The scene that ran (or that this call joined); absent when nothing had to run. */
  result?: SceneResult;
}

/**
 * The one code path through which the wall panel, keypads, the timetable, the fleet and a
 * technician drive the room. Session changes go through start-class and end-class.
 */
export class RoomController {
  private startFlight: Promise<SessionOutcome> | undefined;
  private endFlight: Promise<SessionOutcome> | undefined;

  constructor(private readonly ctx: RoomControllerContext) {}

  snapshot(): RoomSnapshot {
    const help = this.ctx.help.state();
    return {
      room: { ...this.ctx.room },
      ts: this.ctx.clock.now(),
      session: this.ctx.session.snapshot(),
      devices: this.ctx.devices.list(),
      scenes: this.ctx.scenes.list().map(({ id, label, running }) => ({ id, ...(label === undefined ? {} : { label }), running })),
      upcoming: this.ctx.upcoming?.() ?? [],
      remoteAllow: [...this.ctx.remoteAllow],
      ...(help === undefined ? {} : { help }),
    };
  }

  /** Throws SC_ERR_CMD_NOT_ALLOWED unless the room config lets the fleet send `action`. */
  assertRemoteAllowed(action: string): void {
    if (!this.ctx.remoteAllow.includes(action)) throw new ScError('SC_ERR_CMD_NOT_ALLOWED', { action });
  }

  async startSession(by: Actor, details: ClassDetails = {}): Promise<SessionOutcome> {
    if (this.startFlight !== undefined) return this.startFlight;
    if (this.endFlight !== undefined) await this.endFlight;
    const state = this.ctx.session.state;
    if (state === 'live' || state === 'degraded') return { session: this.ctx.session.snapshot() };
    this.startFlight = this.doStart(by, details).finally(() => (this.startFlight = undefined));
    return this.startFlight;
  }

  private async doStart(by: Actor, details: ClassDetails): Promise<SessionOutcome> {
    const { slot } = details;
    const course = details.course ?? slot?.course;
    const teacher = details.teacher ?? slot?.teacher;
    this.ctx.session.move('starting', by, {
      scene: 'start-class',
      ...(course === undefined ? {} : { course }),
      ...(teacher === undefined ? {} : { teacher }),
      ...(slot === undefined ? {} : { slot: { id: slot.id, start: slot.start, end: slot.end } }),
    });
    const result = await this.ctx.scenes.run('start-class', by);
    const failed = problemsOf(result);
    // A device that is not answering is a problem of this class even when no step used it (a keypad).
    const problems = [...failed, ...this.ctx.watch.offlineProblems(failed)];
    const session = this.ctx.session.move(problems.length === 0 ? 'live' : 'degraded', by, { scene: 'start-class', ...(problems.length === 0 ? {} : { problems }) });
    return { session, result };
  }

  async endSession(by: Actor): Promise<SessionOutcome> {
    if (this.endFlight !== undefined) return this.endFlight;
    if (this.startFlight !== undefined) await this.startFlight.catch(() => undefined);
    if (this.ctx.session.state === 'idle') return { session: this.ctx.session.snapshot() };
    this.endFlight = this.doEnd(by).finally(() => (this.endFlight = undefined));
    return this.endFlight;
  }

  private async doEnd(by: Actor): Promise<SessionOutcome> {
    this.ctx.session.move('ending', by, { scene: 'end-class', problems: undefined });
    const result = await this.ctx.scenes.run('end-class', by);
    const problems = problemsOf(result);
    const session = this.ctx.session.move('idle', by, { scene: 'end-class', ...(problems.length === 0 ? {} : { problems }) });
    this.ctx.help.classEnded();
    return { session, result };
  }

  /** Runs a scene by name; start-class and end-class move the session as well. */
  async runScene(id: string, by: Actor): Promise<SceneResult> {
    if (id === 'start-class' || id === 'end-class') {
      const outcome = id === 'start-class' ? await this.startSession(by) : await this.endSession(by);
      if (outcome.result !== undefined) return outcome.result;
      // Already in that state: nothing ran, so report an empty successful run.
      const now = this.ctx.clock.now();
      return { runId: 'none', scene: id, by, status: 'ok', startedAt: now, finishedAt: now, durationMs: 0, steps: [] };
    }
    return this.ctx.scenes.run(id, by);
  }

  /** One action on one device (volume from the wall panel, a command from the fleet). */
  async deviceAction(device: string, action: string, args: StepArgs, by: Actor): Promise<DeviceState> {
    const info = this.ctx.devices.info(device);
    // A device whose driver this build lacks has no known capabilities: it answers "not started" below.
    const capabilities = this.ctx.devices.plan(device).descriptor === undefined ? undefined : info.capabilities;
    const problems = checkAction(action, args, device, capabilities);
    if (problems.length > 0) throw new ScError('SC_ERR_AGENT_ACTION_ARGS', { action, detail: problems.join('; ') });
    const driver = this.ctx.devices.driver(device);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.ctx.actionTimeoutMs ?? 30_000);
    const began = Date.now();
    this.ctx.log.info({ device, action, args, by }, 'device action');
    this.ctx.watch.intend(device, action);
    try {
      await runAction(driver, action, args, { device, signal: controller.signal, waitPollMs: this.ctx.waitPollMs ?? 250 });
      this.ctx.bus.emit('command-done', { device, action, ok: true, latencyMs: Date.now() - began, ts: Date.now() });
    } catch (err) {
      const error = toScError(err);
      this.ctx.bus.emit('command-done', { device, action, ok: false, latencyMs: Date.now() - began, error: { code: error.code, message: error.message }, ts: Date.now() });
      throw error;
    } finally {
      clearTimeout(timer);
    }
    return this.ctx.devices.info(device).state;
  }

  /** A call for the site technician, with the room's state attached so they know what they walk into. */
  help(by: Actor, message?: string): HelpRequest {
    return this.ctx.help.call(by, message);
  }

  /** The fleet says the help alert was acknowledged or resolved (R/cmd help.ack). */
  helpFromFleet(change: 'acknowledged' | 'resolved', by: string): HelpState | undefined {
    return this.ctx.help.fromFleet(change, by);
  }
}

/**
 * What went wrong in a scene, for the session: failed steps, and skipped steps on devices no
 * failed step names (a recorder whose `after:` step failed did not start either).
 */
function problemsOf(result: SceneResult): SessionProblem[] {
  const failed = result.steps.filter((s) => s.status === 'failed' || s.status === 'interrupted');
  const named = new Set(failed.map((s) => s.device));
  const skipped = result.steps.filter((s) => s.status === 'skipped' && !named.has(s.device));
  return [...failed, ...skipped]
    .sort((a, b) => result.steps.indexOf(a) - result.steps.indexOf(b))
    .map((s) => ({
      ...(s.device === undefined ? {} : { device: s.device }),
      step: s.name,
      code: s.error?.code ?? 'SC_ERR_SCENE_STEP_FAILED',
      message: s.error?.message ?? `${s.name} did not complete`,
    }));
}
