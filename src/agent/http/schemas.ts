import { Type } from '@sinclair/typebox';

/**
 * Schemas shared by the routes; every route declares its own with these parts. The room's shapes
 * (device state, session, scene results, slots) are the contract's (src/contract/), shared with the pages.
 */
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
