import type { Logger } from 'pino';
import type { EventBus } from '../../core/event-bus.js';
import { ScError } from '../../core/errors/index.js';
import type { DeviceState } from '../../drivers/state.js';
import type { Clock } from '../../core/clock.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { DeviceStateChange, RoomEvents, SessionProblem } from '../events.js';
import type { Session } from './session.js';

export interface SessionWatchContext {
  session: Session;
  devices: DeviceRegistry;
  bus: EventBus<RoomEvents>;
  log: Logger;
  clock: Clock;
  /** How long after a person asks a recorder to stop or pause its stopping counts as meant (default 60 s). */
  intentMs?: number;
}

const DEVICE_FAILED = 'SC_ERR_SESSION_DEVICE_FAILED';
const NOT_RECORDING = 'SC_ERR_SESSION_NOT_RECORDING';
/** Recorder actions after which a recorder that stops recording does so on purpose. */
const MEANT = new Set(['recorder.stop', 'recorder.pause']);

const running = (state: string): boolean => state === 'live' || state === 'degraded';
const isRecording = (s: DeviceState): boolean => s.recorder?.activity === 'recording';

/**
 * Keeps a running class honest about its devices: a device that stops answering, or a recorder
 * that stops recording by itself, turns the session `degraded` with a problem naming it (the same
 * amber state as a failure at the start of class, and the fleet hears it the same way); when the
 * device answers again, or the recorder records again, that problem goes and, with none left, the
 * session is `live` again.
 */
export class SessionWatch {
  private readonly intents = new Map<string, number>();
  private readonly offs: (() => void)[] = [];

  constructor(private readonly ctx: SessionWatchContext) {}

  start(): void {
    this.offs.push(
      this.ctx.bus.on('device-state', (change) => this.onDevice(change)),
      // A scene step that stops or pauses a recorder means it (an `exam` scene, end of class).
      this.ctx.bus.on('scene-progress', (p) => {
        if (p.step.status === 'running' && p.step.device !== undefined && MEANT.has(p.step.action)) this.intend(p.step.device, p.step.action);
      }),
    );
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
    this.intents.clear();
  }

  /** A person asked `device` to do `action`: a recorder that then stops does not count as a failure. */
  intend(device: string, action: string): void {
    if (MEANT.has(action)) this.intents.set(device, this.ctx.clock.now() + (this.ctx.intentMs ?? 60_000));
  }

  /** Problems for devices that are not answering now, besides those `known` already names (for the start of class). */
  offlineProblems(known: readonly SessionProblem[]): SessionProblem[] {
    const named = new Set(known.map((p) => p.device));
    return this.ctx.devices
      .list()
      .filter((d) => d.state.status === 'offline' && !named.has(d.id))
      .map((d) => deviceFailed(d.id, d.state));
  }

  private onDevice({ device, state, previous }: DeviceStateChange): void {
    const session = this.ctx.session.snapshot();
    if (!running(session.state)) return;
    let problems = [...(session.problems ?? [])];
    const has = (code: string): boolean => problems.some((p) => p.device === device && p.code === code);
    if (state.status === 'offline') {
      if (!has(DEVICE_FAILED) && previous.status !== 'offline') problems.push(deviceFailed(device, state));
    } else if (has(DEVICE_FAILED)) {
      problems = problems.filter((p) => !(p.device === device && p.code === DEVICE_FAILED));
    }
    if (state.status !== 'offline' && isRecording(previous) && !isRecording(state) && !this.meant(device) && !has(NOT_RECORDING)) {
      const activity = state.recorder?.activity ?? 'unknown';
      const error = new ScError(NOT_RECORDING, { device, activity });
      problems.push({ device, step: 'recording stopped', code: error.code, message: error.message });
    }
    // Recording again (the teacher pressed Start recording): every recorder problem of this device is over.
    if (isRecording(state) && state.status !== 'offline') problems = problems.filter((p) => p.device !== device);
    const before = JSON.stringify(session.problems ?? []);
    if (JSON.stringify(problems) === before) return;
    this.ctx.log.info({ device, status: state.status, recorder: state.recorder?.activity, problems: problems.length }, 'device changed during the class');
    this.ctx.session.setProblems(problems);
  }

  private meant(device: string): boolean {
    const until = this.intents.get(device);
    return until !== undefined && until >= this.ctx.clock.now();
  }
}

function deviceFailed(device: string, state: DeviceState): SessionProblem {
  const error = new ScError(DEVICE_FAILED, { device, reason: state.reason ?? state.lastError?.message ?? 'not answering' });
  return { device, step: 'device offline', code: error.code, message: error.message };
}
