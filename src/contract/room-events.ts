import type { DeviceEvent, DeviceState } from './device-state.js';
import type { RoomEventName, SessionState } from './names.js';
import type { Actor, HelpState, SceneResult, SessionSnapshot, StepError, StepResult } from './room.js';

/**
 * What the room announces (the agent's bus), and so what its live feed sends after the
 * snapshot: one payload type per event name in names.ts. The agent's HTTP live feed, metrics
 * and uplink subscribe; the pages fold the feed into their view.
 */
export interface DeviceStateChange {
  device: string;
  state: DeviceState;
  previous: DeviceState;
  ts: number;
}

export interface SceneStarted {
  runId: string;
  scene: string;
  by: Actor;
  ts: number;
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

export interface CommandDone {
  device: string;
  action: string;
  ok: boolean;
  latencyMs: number;
  error?: StepError;
  ts: number;
}

export interface SessionChange extends SessionSnapshot {
  previous: SessionState;
}

export interface HelpRequest {
  id: string;
  ts: number;
  by: Actor;
  message?: string;
  /** What the room looked like when help was asked for. */
  room: { session: SessionSnapshot; devices: { id: string; status: string; reason?: string }[] };
}

/** The help call changed: made, acknowledged, or over (`help` absent). */
export interface HelpStateChange {
  help?: HelpState;
  ts: number;
}

export interface TimetableLoaded {
  source: string;
  slots: number;
  ts: number;
  error?: StepError;
}

// A type alias, not an interface: the event bus takes any record of payloads.
export type RoomEvents = {
  'device-state': DeviceStateChange;
  'device-event': DeviceEvent;
  'scene-started': SceneStarted;
  'scene-progress': SceneProgress;
  'scene-done': SceneResult;
  'command-done': CommandDone;
  session: SessionChange;
  help: HelpRequest;
  'help-state': HelpStateChange;
  timetable: TimetableLoaded;
};

// Does not compile when ROOM_EVENT_NAMES and the payloads above name different events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
type _RoomEventNamesMatch = Assert<Same<keyof RoomEvents, RoomEventName>>;
