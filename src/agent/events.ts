import type { DeviceEvent } from '../drivers/capabilities.js';
import type { DeviceState } from '../drivers/state.js';
import type { ActorKind, SessionState } from '../uplink/contract/payloads.js';

/** Who or what asked for something: the wall panel, a keypad, the timetable, the fleet, a technician. */
export interface Actor {
  kind: ActorKind;
  name?: string;
}

export interface DeviceStateChange {
  device: string;
  state: DeviceState;
  previous: DeviceState;
  ts: number;
}

export type StepStatus = 'pending' | 'running' | 'retrying' | 'ok' | 'failed' | 'skipped' | 'interrupted';

export interface StepError {
  code: string;
  message: string;
}

export interface StepResult {
  /** "2" for the third step, "1.0" for the first step of the parallel group at index 1. */
  index: string;
  name: string;
  device?: string;
  action: string;
  onFail: 'abort' | 'continue';
  status: StepStatus;
  attempts: number;
  durationMs: number;
  error?: StepError;
}

export type SceneStatus = 'ok' | 'degraded' | 'failed' | 'interrupted';

export interface SceneResult {
  runId: string;
  scene: string;
  by: Actor;
  status: SceneStatus;
  startedAt: number;
  finishedAt: number;
  durationMs: number;
  steps: StepResult[];
}

export interface SceneProgress {
  runId: string;
  scene: string;
  by: Actor;
  step: StepResult;
  done: number;
  total: number;
  ts: number;
}

export interface SessionProblem {
  device?: string;
  step: string;
  code: string;
  message: string;
}

export interface SessionSnapshot {
  state: SessionState;
  since: number;
  by: Actor;
  scene?: string;
  course?: string;
  teacher?: string;
  /** The timetable slot the session belongs to, when there is one. */
  slot?: { id: string; start: number; end: number };
  problems?: SessionProblem[];
}

export interface HelpRequest {
  id: string;
  ts: number;
  by: Actor;
  message?: string;
  /** What the room looked like when help was asked for. */
  room: { session: SessionSnapshot; devices: { id: string; status: string; reason?: string }[] };
}

/**
 * The room's call for the technician as the wall panel shows it: when it was made (the latest
 * call, `calls` counting repeats) and whether someone at the fleet acknowledged it.
 */
export interface HelpState {
  id: string;
  /** The latest call. */
  ts: number;
  calls: number;
  by: Actor;
  /** Set when the fleet says someone acknowledged the alert (R/cmd help.ack). */
  acknowledged?: { at: number; by?: string };
}

export interface TimetableSlot {
  /** The event UID and its start: unique per occurrence of a recurring class. */
  id: string;
  uid: string;
  start: number;
  end: number;
  course?: string;
  teacher?: string;
  location?: string;
}

/** Everything the room announces; the HTTP live feed, metrics and the uplink subscribe. */
export interface RoomEvents extends Record<string, unknown> {
  'device-state': DeviceStateChange;
  'device-event': DeviceEvent;
  'scene-started': { runId: string; scene: string; by: Actor; ts: number };
  'scene-progress': SceneProgress;
  'scene-done': SceneResult;
  'command-done': { device: string; action: string; ok: boolean; latencyMs: number; error?: StepError; ts: number };
  session: SessionSnapshot & { previous: SessionState };
  help: HelpRequest;
  /** The help call changed: made, acknowledged, or over (`help` absent). */
  'help-state': { help?: HelpState; ts: number };
  timetable: { source: string; slots: number; ts: number; error?: StepError };
}

export type RoomEventName = keyof RoomEvents & string;
export const ROOM_EVENT_NAMES: readonly RoomEventName[] = [
  'device-state',
  'device-event',
  'scene-started',
  'scene-progress',
  'scene-done',
  'command-done',
  'session',
  'help',
  'help-state',
  'timetable',
];
