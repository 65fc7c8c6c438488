import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { RawReplySchema, TechnicianMeSchema } from '../../../contract/technician.js';
import { ScError } from '../../../core/errors/index.js';
import { redact } from '../../../core/secrets.js';
import { IdParam, errorReplies } from '../schemas.js';
import type { RouteOptions } from './common.js';

const LoginBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });
const RawParams = Type.Object({ id: IdParam }, { additionalProperties: false });
const RawBody = Type.Object(
  {
    command: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9-]*$', description: 'a `classroom ctl` action of the driver, e.g. power, input, status' }),
    args: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 16 })),
  },
  { additionalProperties: false },
);
const LogsQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$', description: 'how many lines, 1 to 9999 (default 200)' })) }, { additionalProperties: false });
const unauthorized = { 401: Type.Ref('ErrorReply'), 403: Type.Ref('ErrorReply'), 429: Type.Ref('ErrorReply') };

/** The technician's functions: login, raw device commands, the config and the logs. */
export const technicianRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps, auth }) => {
  app.post<{ Body: Static<typeof LoginBody> }>('/api/technician/login', {
    config: { rateLimit: { max: deps.auth.loginPerMinute ?? 5, timeWindow: 60_000 } },
    schema: {
      summary: 'log in as the site technician (rate limited); sets an HttpOnly session cookie',
      tags: ['technician'],
      body: LoginBody,
      response: { 200: Type.Object({ ok: Type.Boolean(), expires: Type.Number() }), ...unauthorized, ...errorReplies },
    },
    handler: async (request, reply) => {
      const { expires } = await auth.login(request.body.password, reply);
      request.log.info('technician logged in');
      return { ok: true, expires };
    },
  });

  app.post('/api/technician/logout', {
    schema: { summary: 'log out', tags: ['technician'], response: { 200: Type.Object({ ok: Type.Boolean() }) } },
    handler: (request, reply) => {
      auth.logout(request, reply);
      return { ok: true };
    },
  });

  app.get('/api/technician/me', {
    schema: { summary: 'whether this browser is logged in as technician', tags: ['technician'], response: { 200: TechnicianMeSchema } },
    handler: (request) => ({ technician: auth.isTechnician(request), loginEnabled: auth.enabled }),
  });

  app.register((scoped, _opts, done) => {
    scoped.addHook('preHandler', auth.require);

    scoped.post<{ Params: Static<typeof RawParams>; Body: Static<typeof RawBody> }>('/api/technician/devices/:id/raw', {
      schema: {
        summary: 'a raw driver command, as `classroom ctl` runs it',
        tags: ['technician'],
        params: RawParams,
        body: RawBody,
        response: { 200: RawReplySchema, ...unauthorized, ...errorReplies },
      },
      handler: async (request) => {
        const { id } = request.params;
        const plan = deps.devices.plan(id);
        const action = plan.descriptor?.ctl[request.body.command];
        if (action === undefined || !Object.hasOwn(plan.descriptor?.ctl ?? {}, request.body.command)) {
          const known = Object.keys(plan.descriptor?.ctl ?? {}).join(', ') || '(none)';
          throw new ScError('SC_ERR_AGENT_ACTION_UNKNOWN', { action: request.body.command, known });
        }
        request.log.info({ device: id, command: request.body.command, args: request.body.args }, 'technician raw command');
        const result = await action.run(deps.devices.driver(id), request.body.args ?? []);
        return { device: id, command: request.body.command, result: result ?? null };
      },
    });

    scoped.get('/api/technician/config', {
      schema: { summary: 'the room config in use, secrets removed', tags: ['technician'], response: { 200: Type.Unknown(), ...unauthorized } },
      // configView is redacted by the agent; the one redaction runs again here as the last guard.
      handler: () => redact(deps.configView?.() ?? {}),
    });

    scoped.get<{ Querystring: Static<typeof LogsQuery> }>('/api/technician/logs', {
      schema: { summary: 'the most recent log lines (JSON)', tags: ['technician'], querystring: LogsQuery, response: { 200: Type.Object({ lines: Type.Array(Type.Unknown()) }), ...unauthorized, ...errorReplies } },
      handler: (request) => ({ lines: redact(deps.logs?.recent(Number(request.query.limit ?? 200)) ?? []) }),
    });
    done();
  });
  return Promise.resolve();
};
