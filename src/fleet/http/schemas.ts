import { Type, type Static } from '@sinclair/typebox';

/** Shared pieces of the route schemas (the OpenAPI document is built from them). */
const Level = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });

export const RoomParams = Type.Object({ country: Level, site: Level, room: Level }, { additionalProperties: false });
export type RoomParamsT = Static<typeof RoomParams>;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export type IdParamsT = Static<typeof IdParams>;

export const ErrorReply = Type.Object(
  { error: Type.Object({ code: Type.String(), message: Type.String(), hint: Type.Optional(Type.String()) }) },
  { $id: 'ErrorReply' },
);

export const Ok = Type.Object({ ok: Type.Literal(true) });

/** Free-form JSON in replies (room state as the agent sent it). */
export const Anything = Type.Unknown();

export const Range = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time', description: 'ISO date-time; default 30 days ago' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'ISO date-time; default now' })),
});
export type RangeT = Static<typeof Range>;

export function rootOf(p: RoomParamsT): string {
  return `sc/v1/${p.country}/${p.site}/${p.room}`;
}

export function rangeOf(q: RangeT, now: number): { from: number; to: number } {
  const to = q.to === undefined ? now : Date.parse(q.to);
  const from = q.from === undefined ? to - 30 * 86_400_000 : Date.parse(q.from);
  return { from, to };
}

/** Error replies every guarded route may give. */
export const guardedErrors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply } as const;
