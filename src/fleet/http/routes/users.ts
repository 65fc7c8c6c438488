import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ROLES } from '../../store/types.js';
import type { FleetAppDeps } from '../context.js';
import { userOf } from '../guard.js';
import { ErrorReply, IdParams, Ok, guardedErrors, type IdParamsT } from '../schemas.js';

const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));
const SiteKey = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}/[a-z0-9][a-z0-9-]{0,62}$' });
const User = Type.Object({ id: Type.Integer(), username: Type.String(), role: Role, sites: Type.Array(Type.String()), createdAt: Type.Integer() });
const NewUser = Type.Object(
  { username: Type.String({ minLength: 2, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }), role: Role, sites: Type.Optional(Type.Array(SiteKey, { maxItems: 1000 })) },
  { additionalProperties: false },
);
const UserPatch = Type.Object(
  { role: Type.Optional(Role), password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })), sites: Type.Optional(Type.Array(SiteKey, { maxItems: 1000 })) },
  { additionalProperties: false, minProperties: 1 },
);

/** Dashboard accounts (admin only). */
export function userRoutes(deps: FleetAppDeps): FastifyPluginAsync {
  const audit = async (request: FastifyRequest, action: string, args: Record<string, unknown>): Promise<void> => {
    await deps.store.audit.add({ at: (deps.now ?? Date.now)(), user: userOf(request).username, action, args, result: 'ok' });
  };
  return async (app) => {
    app.get('/users', { config: { permission: 'admin' }, schema: { tags: ['users'], summary: 'Accounts', response: { 200: Type.Array(User), 401: ErrorReply, 403: ErrorReply } } }, async () =>
      deps.users.list(),
    );

    app.post<{ Body: Static<typeof NewUser> }>(
      '/users',
      { config: { permission: 'admin' }, schema: { tags: ['users'], summary: 'Add an account', body: NewUser, response: { 200: User, ...guardedErrors, 409: ErrorReply } } },
      async (request) => {
        const user = await deps.users.add(request.body);
        await audit(request, 'user.add', { username: user.username, role: user.role, sites: user.sites });
        return user;
      },
    );

    app.patch<{ Params: IdParamsT; Body: Static<typeof UserPatch> }>(
      '/users/:id',
      { config: { permission: 'admin' }, schema: { tags: ['users'], summary: 'Change role, sites or password (ends the user\'s logins)', params: IdParams, body: UserPatch, response: { 200: User, ...guardedErrors, 409: ErrorReply } } },
      async (request) => {
        const user = await deps.users.update(request.params.id, request.body);
        const { password: _secret, ...changed } = request.body;
        await audit(request, 'user.update', { username: user.username, ...changed, ...(request.body.password === undefined ? {} : { password: 'changed' }) });
        return user;
      },
    );

    app.delete<{ Params: IdParamsT }>(
      '/users/:id',
      { config: { permission: 'admin' }, schema: { tags: ['users'], summary: 'Remove an account', params: IdParams, response: { 200: Ok, ...guardedErrors, 409: ErrorReply } } },
      async (request) => {
        const user = await deps.users.require(request.params.id);
        await deps.users.remove(request.params.id);
        await audit(request, 'user.remove', { username: user.username });
        return { ok: true as const };
      },
    );
  };
}
