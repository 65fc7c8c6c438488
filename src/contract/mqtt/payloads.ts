import { Type, type Static } from '@sinclair/typebox';
import { DeviceStateSchema } from '../device-state.js';
import { Id, Ms } from '../fields.js';
import { ActorSchema, SessionProblemSchema, SessionStateSchema } from '../room.js';

/**
 * JSON payloads of the MQTT contract, one TypeBox schema each: the types the code uses and the
 * JSON Schemas the tests (and docs/mqtt.md) check messages against. Times are ms since the epoch
 * in the agent's clock; the fleet estimates and corrects the agent's skew. The device state,
 * the actor and the session's parts are the room's own (../device-state.ts, ../room.ts).
 */
const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);

export { ACTIONS, ACTORS, NOTICES, SESSION_STATES, type ActorKind, type SessionState } from '../names.js';

export const StatusPayload = Type.Object(
  {
    online: Type.Boolean(),
    bdSeq: Type.Integer({ minimum: 0 }),
    ts: Ms,
    version: Type.Optional(Type.String()),
  },
  { additionalProperties: false, $id: 'status' },
);

export const DeviceStatePayload = Type.Object({ ...DeviceStateSchema.properties, ts: Type.Optional(Ms) }, { $id: 'state' });

/** How many upcoming timetable slots a session message carries at most. */
export const TIMETABLE_SLOTS_MAX = 5;

/** One upcoming (or running) timetable slot: calendar times, not the agent's clock readings. */
export const TimetableSlotPayload = Type.Object(
  {
    start: Ms,
    end: Ms,
    course: Type.Optional(Type.String({ maxLength: 200 })),
    teacher: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const SessionPayload = Type.Object(
  {
    state: SessionStateSchema,
    since: Ms,
    by: ActorSchema,
    scene: Type.Optional(Type.String()),
    course: Type.Optional(Type.String()),
    teacher: Type.Optional(Type.String()),
    /** Steps that failed while the class went on (recorder did not start). */
    problems: Type.Optional(Type.Array(SessionProblemSchema)),
    /**
     * The room's next timetable slots (running first), soonest first; `[]` when none are coming.
     * Absent from agents that do not report a timetable (older versions).
     */
    timetable: Type.Optional(Type.Array(TimetableSlotPayload, { maxItems: TIMETABLE_SLOTS_MAX })),
    ts: Type.Optional(Ms),
  },
  { $id: 'session' },
);

export const BirthPayload = Type.Object(
  {
    bdSeq: Type.Integer({ minimum: 0 }),
    ts: Ms,
    version: Type.String(),
    room: Type.Object({
      name: Type.Optional(Type.String()),
      timezone: Type.Optional(Type.String()),
      language: Type.Optional(Type.String()),
    }),
    devices: Type.Array(
      Type.Object({
        id: Id,
        driver: Type.String(),
        name: Type.Optional(Type.String()),
        capabilities: Type.Array(Type.String()),
        state: DeviceStatePayload,
      }),
    ),
    scenes: Type.Array(Type.Object({ id: Type.String(), label: Type.Optional(Type.String()) })),
    session: SessionPayload,
    remoteAllow: Type.Array(Type.String()),
  },
  { $id: 'birth' },
);

export const EventPayload = Type.Object(
  {
    id: Type.String({ minLength: 8, maxLength: 64 }),
    seq: Type.Integer({ minimum: 0 }),
    bdSeq: Type.Integer({ minimum: 0 }),
    ts: Ms,
    type: Type.String({ minLength: 1, maxLength: 64 }),
    historical: Type.Optional(Type.Boolean()),
    device: Type.Optional(Type.String()),
    by: Type.Optional(ActorSchema),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'event' },
);

export const HealthPayload = Type.Object(
  {
    ts: Ms,
    uptimeS: Type.Number({ minimum: 0 }),
    memory: Type.Object({ rssBytes: Type.Number(), heapUsedBytes: Type.Number() }),
    disk: Type.Optional(Type.Object({ freeBytes: Type.Number(), totalBytes: Type.Number() })),
    outbox: Type.Object({
      depth: Type.Integer({ minimum: 0 }),
      bytes: Type.Integer({ minimum: 0 }),
      /** Records dropped because the outbox was full, since the agent started. */
      dropped: Type.Optional(Type.Integer({ minimum: 0 })),
      /** The last disk problem of the outbox (full disk, I/O error), while it lasts. */
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
    clockSkewMs: Type.Optional(Type.Number()),
    link: Type.Object({
      connects: Type.Integer({ minimum: 0 }),
      bytesSentToday: Type.Integer({ minimum: 0 }),
      bytesReceivedToday: Type.Integer({ minimum: 0 }),
      rttMs: Type.Optional(Type.Number()),
      /** The room's daily data budget, when one is set. */
      budgetBytes: Type.Optional(Type.Integer({ minimum: 0 })),
      /** `economy`/`critical` when the budget made the agent send less. */
      mode: Type.Optional(Type.Union([Type.Literal('normal'), Type.Literal('economy'), Type.Literal('critical')])),
      bdSeq: Type.Optional(Type.Integer({ minimum: 0 })),
    }),
    /** Commands answered since the agent started. */
    commands: Type.Optional(Type.Object({ ok: Type.Integer({ minimum: 0 }), refused: Type.Integer({ minimum: 0 }) })),
  },
  { $id: 'health' },
);

export const CommandPayload = Type.Object(
  {
    id: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    action: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9.-]*$' }),
    device: Type.Optional(Id),
    args: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Scalar)),
    expires: Ms,
    by: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false, $id: 'cmd' },
);

export const ReplyPayload = Type.Object(
  {
    id: Type.String(),
    status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
    error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    data: Type.Optional(Type.Unknown()),
    ts: Type.Optional(Ms),
  },
  { additionalProperties: false, $id: 'reply' },
);

export const FleetStatusPayload = Type.Object({ online: Type.Boolean(), ts: Ms }, { additionalProperties: false, $id: 'fleet-status' });

export type StatusMessage = Static<typeof StatusPayload>;
export type DeviceStateMessage = Static<typeof DeviceStatePayload>;
export type SessionMessage = Static<typeof SessionPayload>;
export type TimetableSlotMessage = Static<typeof TimetableSlotPayload>;
export type BirthMessage = Static<typeof BirthPayload>;
export type EventMessage = Static<typeof EventPayload>;
export type HealthMessage = Static<typeof HealthPayload>;
export type CommandMessage = Static<typeof CommandPayload>;
export type ReplyMessage = Static<typeof ReplyPayload>;
export type FleetStatusMessage = Static<typeof FleetStatusPayload>;

/** Every payload schema by the topic kind that carries it. */
export const PAYLOAD_SCHEMAS = {
  status: StatusPayload,
  birth: BirthPayload,
  state: DeviceStatePayload,
  session: SessionPayload,
  event: EventPayload,
  health: HealthPayload,
  cmd: CommandPayload,
  reply: ReplyPayload,
  'fleet-status': FleetStatusPayload,
} as const;
