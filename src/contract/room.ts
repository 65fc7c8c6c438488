import { Type, type Static } from '@sinclair/typebox';
import { DeviceInfoSchema } from './device-state.js';
import { literals } from './fields.js';
import { ACTORS, ON_FAIL, SCENE_STATUSES, SESSION_STATES, STEP_STATUSES } from './names.js';

/**
 * The room as the agent's HTTP API and live feed give it, defined once: the agent's types, its
 * response schemas and the pages all come from here; the MQTT payloads reuse the parts they
 * carry. Times are ms on the agent's clock (a simulated clock may give fractions).
 */
export const SessionStateSchema = literals(SESSION_STATES);

export const ActorSchema = Type.Object({
  kind: literals(ACTORS),
  name: Type.Optional(Type.String({ maxLength: 200 })),
});
export type Actor = Static<typeof ActorSchema>;

export const StepErrorSchema = Type.Object({ code: Type.String(), message: Type.String() });
export type StepError = Static<typeof StepErrorSchema>;

export const StepResultSchema = Type.Object({
  /** "2" for the third step, "1.0" for the first step of the parallel group at index 1. */
  index: Type.String(),
  name: Type.String(),
  device: Type.Optional(Type.String()),
  action: Type.String(),
  onFail: literals(ON_FAIL),
  status: literals(STEP_STATUSES),
  attempts: Type.Integer(),
  durationMs: Type.Number(),
  error: Type.Optional(StepErrorSchema),
});
export type StepResult = Static<typeof StepResultSchema>;

export const SceneResultSchema = Type.Object({
  runId: Type.String(),
  scene: Type.String(),
  by: ActorSchema,
  status: literals(SCENE_STATUSES),
  startedAt: Type.Number(),
  finishedAt: Type.Number(),
  durationMs: Type.Number(),
  steps: Type.Array(StepResultSchema),
});
export type SceneResult = Static<typeof SceneResultSchema>;

/** A step that failed while the class went on (the recorder did not start). */
export const SessionProblemSchema = Type.Object({ device: Type.Optional(Type.String()), step: Type.String(), code: Type.String(), message: Type.String() });
export type SessionProblem = Static<typeof SessionProblemSchema>;

/** One timetable slot as the agent has it. */
export const TimetableSlotSchema = Type.Object({
  /** The event UID and its start: unique per occurrence of a recurring class. */
  id: Type.String(),
  uid: Type.String(),
  start: Type.Number(),
  end: Type.Number(),
  course: Type.Optional(Type.String()),
  teacher: Type.Optional(Type.String()),
  location: Type.Optional(Type.String()),
});
export type TimetableSlot = Static<typeof TimetableSlotSchema>;

export const SessionSnapshotSchema = Type.Object({
  state: SessionStateSchema,
  since: Type.Number(),
  by: ActorSchema,
  scene: Type.Optional(Type.String()),
  course: Type.Optional(Type.String()),
  teacher: Type.Optional(Type.String()),
  /** The timetable slot the session belongs to, when there is one. */
  slot: Type.Optional(Type.Object({ id: Type.String(), start: Type.Number(), end: Type.Number() })),
  problems: Type.Optional(Type.Array(SessionProblemSchema)),
});
export type SessionSnapshot = Static<typeof SessionSnapshotSchema>;

export const RoomIdentitySchema = Type.Object({
  id: Type.String(),
  country: Type.String(),
  site: Type.String(),
  name: Type.Optional(Type.String()),
  timezone: Type.Optional(Type.String()),
  language: Type.Optional(Type.String()),
});
export type RoomIdentity = Static<typeof RoomIdentitySchema>;

/**
 * The room's open call for the technician as the wall panel shows it: when it was made (the
 * latest call, `calls` counting repeats) and whether someone at the fleet acknowledged it.
 */
export const HelpStateSchema = Type.Object({
  id: Type.String(),
  ts: Type.Number({ description: 'the latest call' }),
  calls: Type.Integer({ minimum: 1 }),
  by: ActorSchema,
  /** Set when the fleet says someone acknowledged the alert (R/cmd help.ack). */
  acknowledged: Type.Optional(Type.Object({ at: Type.Number(), by: Type.Optional(Type.String()) }, { description: 'someone at the fleet acknowledged the alert' })),
});
export type HelpState = Static<typeof HelpStateSchema>;

/** `GET /api/state` and the live feed's first `snapshot` event. */
export const RoomSnapshotSchema = Type.Object({
  room: RoomIdentitySchema,
  ts: Type.Number(),
  session: SessionSnapshotSchema,
  devices: Type.Array(DeviceInfoSchema),
  scenes: Type.Array(Type.Object({ id: Type.String(), label: Type.Optional(Type.String()), running: Type.Boolean() })),
  upcoming: Type.Array(TimetableSlotSchema),
  remoteAllow: Type.Array(Type.String()),
  /** The open call for the technician, while there is one. */
  help: Type.Optional(HelpStateSchema),
});
export type RoomSnapshot = Static<typeof RoomSnapshotSchema>;

/** `GET /api/scenes`: each scene, whether it runs now, and how its last run went. */
export const SceneInfoSchema = Type.Object({
  id: Type.String(),
  label: Type.Optional(Type.String()),
  steps: Type.Integer(),
  running: Type.Boolean(),
  last: Type.Optional(SceneResultSchema),
});
export type SceneInfo = Static<typeof SceneInfoSchema>;

/** `GET /api/devices/:id/controls`: what a device offers the wall panel. */
export const DeviceControlsSchema = Type.Object({
  inputs: Type.Optional(Type.Array(Type.String(), { description: 'input names the panel knows (its profile)' })),
  presets: Type.Optional(Type.Array(Type.Object({ token: Type.String(), name: Type.String() }), { description: 'camera positions saved on the camera' })),
  presetsError: Type.Optional(Type.String({ description: 'why the camera positions could not be read' })),
  featured: Type.Array(Type.String(), { description: "inputs and positions the room's scenes use: the wall panel shows these first" }),
});
export type DeviceControls = Static<typeof DeviceControlsSchema>;
