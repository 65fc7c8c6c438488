import { Type } from '@sinclair/typebox';
import { ACTORS, SESSION_STATES } from '../../uplink/contract/payloads.js';

/** Schemas shared by the routes; every route declares its own with these parts. */
export const ErrorReply = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), hint: Type.Optional(Type.String()), field: Type.Optional(Type.String()) }) },
  { $id: 'ErrorReply', description: 'a coded error (see docs/errors.md)' },
);

export const errorReplies = {
  400: Type.Ref('ErrorReply'),
  404: Type.Ref('ErrorReply'),
  409: Type.Ref('ErrorReply'),
  500: Type.Ref('ErrorReply'),
  502: Type.Ref('ErrorReply'),
  503: Type.Ref('ErrorReply'),
  504: Type.Ref('ErrorReply'),
};

export const Scalar = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]);
export const Args = Type.Record(Type.String({ maxLength: 64 }), Scalar, { maxProperties: 16 });
export const IdParam = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'an id from the room config' });

export const ActorSchema = Type.Object({
  kind: Type.Union(ACTORS.map((a) => Type.Literal(a))),
  name: Type.Optional(Type.String()),
});

const StepError = Type.Object({ code: Type.String(), message: Type.String() });

export const DeviceStateSchema = Type.Object(
  {
    status: Type.String(),
    reason: Type.Optional(Type.String()),
    lastError: Type.Optional(Type.Object({ code: Type.String(), message: Type.String(), at: Type.Number() })),
    latencyMs: Type.Optional(Type.Number()),
    power: Type.Optional(Type.String()),
    input: Type.Optional(Type.String()),
    volume: Type.Optional(Type.Number()),
    muted: Type.Optional(Type.Boolean()),
    ptz: Type.Optional(Type.Object({ pan: Type.Number(), tilt: Type.Number(), zoom: Type.Number() })),
    preset: Type.Optional(Type.String()),
    recorder: Type.Optional(Type.Object({}, { additionalProperties: true })),
    relays: Type.Optional(Type.Array(Type.Boolean())),
    firmware: Type.Optional(Type.String()),
    model: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const DeviceSchema = Type.Object({
  id: Type.String(),
  name: Type.Optional(Type.String()),
  names: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'what teachers see, per language' })),
  driver: Type.String(),
  capabilities: Type.Array(Type.String()),
  state: DeviceStateSchema,
});

export const StepResultSchema = Type.Object({
  index: Type.String(),
  name: Type.String(),
  device: Type.Optional(Type.String()),
  action: Type.String(),
  onFail: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  durationMs: Type.Number(),
  error: Type.Optional(StepError),
});

export const SceneResultSchema = Type.Object({
  runId: Type.String(),
  scene: Type.String(),
  by: ActorSchema,
  status: Type.String(),
  startedAt: Type.Number(),
  finishedAt: Type.Number(),
  durationMs: Type.Number(),
  steps: Type.Array(StepResultSchema),
});

export const SlotSchema = Type.Object({
  id: Type.String(),
  uid: Type.String(),
  start: Type.Number(),
  end: Type.Number(),
  course: Type.Optional(Type.String()),
  teacher: Type.Optional(Type.String()),
  location: Type.Optional(Type.String()),
});

export const SessionSchema = Type.Object({
  state: Type.Union(SESSION_STATES.map((s) => Type.Literal(s))),
  since: Type.Number(),
  by: ActorSchema,
  scene: Type.Optional(Type.String()),
  course: Type.Optional(Type.String()),
  teacher: Type.Optional(Type.String()),
  slot: Type.Optional(Type.Object({ id: Type.String(), start: Type.Number(), end: Type.Number() })),
  problems: Type.Optional(Type.Array(Type.Object({ device: Type.Optional(Type.String()), step: Type.String(), code: Type.String(), message: Type.String() }))),
});

/** The MQTT uplink in `GET /api/health`. */
export const UplinkHealthSchema = Type.Object({
  url: Type.String(),
  connected: Type.Boolean(),
  connects: Type.Integer(),
  bdSeq: Type.Integer(),
  outboxDepth: Type.Integer(),
  outboxDropped: Type.Integer(),
  budgetMode: Type.String(),
  commandsOk: Type.Integer(),
  commandsRefused: Type.Integer(),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});

/** The room's open call for the technician, as the wall panel shows it. */
export const HelpStateSchema = Type.Object({
  id: Type.String(),
  ts: Type.Number({ description: 'the latest call' }),
  calls: Type.Integer({ minimum: 1 }),
  by: ActorSchema,
  acknowledged: Type.Optional(Type.Object({ at: Type.Number(), by: Type.Optional(Type.String()) }, { description: 'someone at the fleet acknowledged the alert' })),
});
