import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ScError } from '../../../core/errors/index.js';
import { publicUser } from '../../auth/users.js';
import { SESSION_COOKIE, type FleetAppDeps } from '../context.js';
import { userOf } from '../guard.js';
import { ErrorReply, Ok } from '../schemas.js';

const Login = Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false });
const User = Type.Object({ id: Type.Integer(), username: Type.String(), role: Type.String(), sites: Type.Array(Type.String()), createdAt: Type.Integer() });
const SessionReply = Type.Object({ user: User, csrfToken: Type.String(), expiresAt: Type.Optional(Type.Integer()) });

/** Login (rate-limited per address), logout, and who am I. */
export function sessionRoutes(deps: FleetAppDeps): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Body: Static<typeof Login> }>(
      '/login',
      {
        config: { permission: 'public', rateLimit: { max: deps.settings.loginAttemptsPerMinute, timeWindow: 60_000 } },
        schema: { tags: ['session'], summary: 'Log in; sets the session cookie', body: Login, response: { 200: SessionReply, 400: ErrorReply, 401: ErrorReply, 429: ErrorReply } },
      },
      async (request, reply) => {
        const user = await deps.users.authenticate(request.body.username, request.body.password);
        deps.metrics.inc('sc_fleet_http_logins_total', { result: user === undefined ? 'refused' : 'ok' });
        if (user === undefined) {
          request.log.warn({ username: request.body.username.slice(0, 64), ip: request.ip }, 'login refused');
          throw new ScError('SC_ERR_FLEET_LOGIN_FAILED');
        }
        const session = await deps.sessions.create(user);
        reply.setCookie(SESSION_COOKIE, session.cookie, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: deps.settings.secureCookies,
          signed: true,
          expires: new Date(session.expiresAt),
        });
        return { user: publicUser(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt };
      },
    );

    app.post(
      '/logout',
      { config: { permission: 'read' }, schema: { tags: ['session'], summary: 'End this login', response: { 200: Ok, 401: ErrorReply, 403: ErrorReply } } },
      async (request, reply) => {
        const raw = request.cookies[SESSION_COOKIE];
        const unsigned = raw === undefined ? undefined : request.unsignCookie(raw);
        if (unsigned?.valid === true && unsigned.value !== null) await deps.sessions.destroy(unsigned.value);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    );

    app.get(
      '/session',
      { config: { permission: 'read' }, schema: { tags: ['session'], summary: 'The logged-in user and the CSRF token to send back', response: { 200: SessionReply, 401: ErrorReply } } },
      async (request) => {
        const raw = request.cookies[SESSION_COOKIE] ?? '';
        const unsigned = request.unsignCookie(raw);
        const live = unsigned.value === null ? undefined : await deps.sessions.lookup(unsigned.value);
        if (live === undefined) throw new ScError('SC_ERR_HTTP_UNAUTHORIZED');
        return { user: publicUser(userOf(request)), csrfToken: live.csrfToken, expiresAt: live.expiresAt };
      },
    );
  };
}
