import type { DeviceInfo, DeviceState } from '../../contract/device-state.js';
import type { SceneStatus } from '../../contract/names.js';
import type { DeviceStateChange, HelpRequest, HelpStateChange, SceneProgress, SceneStarted, SessionChange } from '../../contract/room-events.js';
import type { Actor, RoomSnapshot, SceneResult, StepResult } from '../../contract/room.js';

/**
 * The room as the pages see it: the agent's `snapshot`, kept current by the live events. The
 * shapes are the contract's (src/contract/), type-only imports: the pages never import agent
 * code, which runs on Node, and no schema code reaches the bundle.
 */
export type { Actor, DeviceInfo, DeviceState, RoomSnapshot, StepResult };
export type { HelpState, SessionProblem, SessionSnapshot as Session, TimetableSlot as Slot } from '../../contract/room.js';

/** One scene run as it happens: steps keyed by index, in the order they were first heard of. */
export interface SceneRun {
  runId: string;
  scene: string;
  by: Actor;
  steps: StepResult[];
  done: number;
  total: number;
  status: 'running' | SceneStatus;
  startedAt: number;
}

export type HelpCall = Pick<HelpRequest, 'id' | 'ts'>;

export interface RoomView {
  snapshot?: RoomSnapshot;
  /** The last run of each scene (the one in progress, or the one that just ended). */
  runs: Readonly<Record<string, SceneRun>>;
  lastHelp?: HelpCall;
  /** Agent clock minus this browser's clock: elapsed times use the agent's time. */
  clockOffsetMs: number;
  /** When (browser clock) each device's state last arrived: running counters continue from it. */
  seenAt: Readonly<Record<string, number>>;
}

export const emptyRoom: RoomView = { runs: {}, clockOffsetMs: 0, seenAt: {} };

function withRun(view: RoomView, run: SceneRun): RoomView {
  const snapshot = view.snapshot && {
    ...view.snapshot,
    scenes: view.snapshot.scenes.map((s) => (s.id === run.scene ? { ...s, running: run.status === 'running' } : s)),
  };
  return { ...view, ...(snapshot === undefined ? {} : { snapshot }), runs: { ...view.runs, [run.scene]: run } };
}

/** Applies one live event to the view; `now` is this browser's clock when the event arrived. */
export function applyRoomEvent(view: RoomView, name: string, data: unknown, now: number): RoomView {
  switch (name) {
    case 'snapshot': {
      const snapshot = data as RoomSnapshot;
      const seenAt = Object.fromEntries(snapshot.devices.map((d) => [d.id, now]));
      return { ...view, snapshot, clockOffsetMs: snapshot.ts - now, seenAt };
    }
    case 'device-state': {
      const e = data as DeviceStateChange;
      if (view.snapshot === undefined) return view;
      const devices = view.snapshot.devices.map((d) => (d.id === e.device ? { ...d, state: e.state } : d));
      return { ...view, snapshot: { ...view.snapshot, devices }, seenAt: { ...view.seenAt, [e.device]: now } };
    }
    case 'scene-started': {
      const e = data as SceneStarted;
      return withRun(view, { runId: e.runId, scene: e.scene, by: e.by, steps: [], done: 0, total: 0, status: 'running', startedAt: e.ts });
    }
    case 'scene-progress': {
      const e = data as SceneProgress;
      const prev = view.runs[e.scene];
      const run: SceneRun = prev?.runId === e.runId ? prev : { runId: e.runId, scene: e.scene, by: e.by, steps: [], done: 0, total: 0, status: 'running', startedAt: e.ts };
      const known = run.steps.some((s) => s.index === e.step.index);
      const steps = known ? run.steps.map((s) => (s.index === e.step.index ? e.step : s)) : [...run.steps, e.step];
      return withRun(view, { ...run, steps, done: e.done, total: e.total });
    }
    case 'scene-done': {
      const e = data as SceneResult;
      return withRun(view, { runId: e.runId, scene: e.scene, by: e.by, steps: e.steps, done: e.steps.length, total: e.steps.length, status: e.status, startedAt: e.startedAt });
    }
    case 'session': {
      if (view.snapshot === undefined) return view;
      const { previous: _previous, ...session } = data as SessionChange;
      return { ...view, snapshot: { ...view.snapshot, session } };
    }
    case 'help': {
      const e = data as HelpRequest;
      return { ...view, lastHelp: { id: e.id, ts: e.ts } };
    }
    case 'help-state': {
      if (view.snapshot === undefined) return view;
      const { help: _old, ...rest } = view.snapshot;
      const e = data as HelpStateChange;
      return { ...view, snapshot: e.help === undefined ? rest : { ...rest, help: e.help } };
    }
    default:
      return view;
  }
}

/** What a device is, for sentences a teacher reads: from its capabilities, never its driver name. */
export type DeviceKind = 'recorder' | 'camera' | 'panel' | 'keypad' | 'device';

export function kindOf(device: Pick<DeviceInfo, 'capabilities'> | undefined): DeviceKind {
  const caps = device?.capabilities ?? [];
  if (caps.includes('recorder')) return 'recorder';
  if (caps.includes('presets') || caps.includes('ptz')) return 'camera';
  if (caps.includes('input') || caps.includes('power')) return 'panel';
  if (caps.includes('keypad')) return 'keypad';
  return 'device';
}
