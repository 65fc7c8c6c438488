/**
 * The room as the pages see it: the agent's `snapshot`, kept current by the live events.
 * These types mirror the agent's API replies (src/agent/events.ts); the pages never import
 * agent code, which runs on Node.
 */
export interface Actor {
  kind: string;
  name?: string;
}

export interface RecorderView {
  activity: 'stopped' | 'recording' | 'paused' | 'unknown';
  elapsedSeconds?: number;
  remainingSeconds?: number;
  freeBytes?: number;
}

export interface DeviceState {
  status: 'starting' | 'online' | 'offline' | 'degraded';
  reason?: string;
  lastError?: { code: string; message: string; at: number };
  latencyMs?: number;
  power?: string;
  input?: string;
  volume?: number;
  muted?: boolean;
  preset?: string;
  recorder?: RecorderView;
  firmware?: string;
  model?: string;
}

export interface DeviceInfo {
  id: string;
  name?: string;
  /** What teachers see, per language (from the room config). */
  names?: Readonly<Record<string, string>>;
  driver: string;
  capabilities: string[];
  state: DeviceState;
}

export type StepStatus = 'pending' | 'running' | 'retrying' | 'ok' | 'failed' | 'skipped' | 'interrupted';

export interface StepResult {
  index: string;
  name: string;
  device?: string;
  action: string;
  onFail: string;
  status: StepStatus;
  attempts: number;
  durationMs: number;
  error?: { code: string; message: string };
}

export type SessionState = 'idle' | 'starting' | 'live' | 'degraded' | 'ending';

export interface SessionProblem {
  device?: string;
  step: string;
  code: string;
  message: string;
}

export interface Session {
  state: SessionState;
  since: number;
  by: Actor;
  scene?: string;
  course?: string;
  teacher?: string;
  slot?: { id: string; start: number; end: number };
  problems?: SessionProblem[];
}

export interface Slot {
  id: string;
  uid: string;
  start: number;
  end: number;
  course?: string;
  teacher?: string;
  location?: string;
}

/** The room's open call for the technician (the agent's HelpState). */
export interface HelpCallState {
  id: string;
  ts: number;
  calls: number;
  by: Actor;
  acknowledged?: { at: number; by?: string };
}

export interface RoomSnapshot {
  room: { id: string; country: string; site: string; name?: string; timezone?: string; language?: string };
  ts: number;
  session: Session;
  devices: DeviceInfo[];
  scenes: { id: string; label?: string; running: boolean }[];
  upcoming: Slot[];
  help?: HelpCallState;
}

/** One scene run as it happens: steps keyed by index, in the order they were first heard of. */
export interface SceneRun {
  runId: string;
  scene: string;
  by: Actor;
  steps: StepResult[];
  done: number;
  total: number;
  status: 'running' | 'ok' | 'degraded' | 'failed' | 'interrupted';
  startedAt: number;
}

export interface HelpCall {
  id: string;
  ts: number;
}

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

export const ROOM_EVENTS = ['snapshot', 'device-state', 'scene-started', 'scene-progress', 'scene-done', 'session', 'help', 'help-state', 'timetable', 'command-done', 'device-event'] as const;

export const emptyRoom: RoomView = { runs: {}, clockOffsetMs: 0, seenAt: {} };

interface SceneProgress {
  runId: string;
  scene: string;
  by: Actor;
  step: StepResult;
  done: number;
  total: number;
  ts: number;
}

interface SceneDone {
  runId: string;
  scene: string;
  by: Actor;
  status: SceneRun['status'];
  startedAt: number;
  steps: StepResult[];
}

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
      const e = data as { device: string; state: DeviceState };
      if (view.snapshot === undefined) return view;
      const devices = view.snapshot.devices.map((d) => (d.id === e.device ? { ...d, state: e.state } : d));
      return { ...view, snapshot: { ...view.snapshot, devices }, seenAt: { ...view.seenAt, [e.device]: now } };
    }
    case 'scene-started': {
      const e = data as { runId: string; scene: string; by: Actor; ts: number };
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
      const e = data as SceneDone;
      return withRun(view, { runId: e.runId, scene: e.scene, by: e.by, steps: e.steps, done: e.steps.length, total: e.steps.length, status: e.status, startedAt: e.startedAt });
    }
    case 'session': {
      if (view.snapshot === undefined) return view;
      const { previous: _previous, ...session } = data as Session & { previous: string };
      return { ...view, snapshot: { ...view.snapshot, session } };
    }
    case 'help': {
      const e = data as HelpCall;
      return { ...view, lastHelp: { id: e.id, ts: e.ts } };
    }
    case 'help-state': {
      if (view.snapshot === undefined) return view;
      const { help: _old, ...rest } = view.snapshot;
      const e = data as { help?: HelpCallState };
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
