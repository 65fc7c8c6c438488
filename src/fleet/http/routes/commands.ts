import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ACTIONS, NOTICES } from '../../../contract/mqtt/index.js';
import type { FleetAppDeps } from '../context.js';
import { requireSite, scopeOf, userOf } from '../guard.js';
import { Anything, ErrorReply, RoomParams, guardedErrors, rootOf, type RoomParamsT } from '../schemas.js';

const CommandBody = Type.Object(
  {
    action: Type.Union(ACTIONS.filter((a) => a !== 'help' && !NOTICES.includes(a)).map((a) => Type.Literal(a)), { description: 'what the room should do' }),
    device: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' })),
    args: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean()]))),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 86_400 })),
  },
  { additionalProperties: false },
);
const Outcome = Type.Object({ id: Type.String(), status: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('pending')]), expires: Type.Integer(), reply: Type.Optional(Anything) });
const AuditQuery = Type.Object(
  { room: Type.Optional(Type.String({ pattern: '^sc/v1/[a-z0-9-]+/[a-z0-9-]+/[a-z0-9-]+$' })), user: Type.Optional(Type.String({ maxLength: 64 })), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }) },
  { additionalProperties: false },
);

/** Remote commands (start or end a class, run a scene, device actions, rebirth) and their audit log. */
export function commandRoutes(deps: FleetAppDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Params: RoomParamsT; Body: Static<typeof CommandBody> }>(
      '/rooms/:country/:site/:room/commands',
      {
        config: { permission: 'act' },
        schema: {
          tags: ['commands'],
          summary: 'Send a command; waits briefly for the reply (status pending when the room has not answered yet)',
          params: RoomParams,
          body: CommandBody,
          response: { 200: Outcome, ...guardedErrors, 409: ErrorReply },
        },
      },
      async (request) => {
        const root = rootOf(request.params);
        requireSite(request, root);
        const b = request.body;
        return deps.commands.send(
          root,
          { action: b.action, ...(b.device === undefined ? {} : { device: b.device }), ...(b.args === undefined ? {} : { args: b.args }), ...(b.expiresInSeconds === undefined ? {} : { expiresInSeconds: b.expiresInSeconds }) },
          userOf(request).username,
        );
      },
    );

    app.get<{ Querystring: Static<typeof AuditQuery> }>(
      '/audit',
      { config: { permission: 'read' }, schema: { tags: ['commands'], summary: 'Who did what, to which room, when, with what result', querystring: AuditQuery, response: { 200: Type.Array(Anything), 400: ErrorReply, 401: ErrorReply } } },
      async (request) => {
        const q = request.query;
        if (q.room !== undefined) requireSite(request, q.room);
        const scope = scopeOf(request, deps.model.rooms.keys());
        return deps.store.audit.list({
          limit: q.limit,
          ...(q.room === undefined ? {} : { root: q.room }),
          ...(q.user === undefined ? {} : { user: q.user }),
          ...(scope === undefined ? {} : { roots: [...scope] }),
        });
      },
    );
  };
}
