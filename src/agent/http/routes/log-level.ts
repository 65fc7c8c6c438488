import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ScError } from '../../../core/errors/index.js';
import { errorReplies } from '../schemas.js';
import type { RouteOptions } from './common.js';

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
const Level = Type.Union(LEVELS.map((l) => Type.Literal(l)), { description: 'a log level' });
const LevelBody = Type.Object({ level: Level }, { additionalProperties: false });
const LevelReply = Type.Object({ level: Type.String() });
const denied = { 401: Type.Ref('ErrorReply'), 403: Type.Ref('ErrorReply') };

/**
 * The log level while the agent runs: a technician turns on debug logging to watch a device
 * misbehave, without restarting the agent (and the class in the room).
 */
export const logLevelRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps, auth }) => {
  app.register((scoped, _opts, done) => {
    scoped.addHook('preHandler', auth.require);
    scoped.get('/api/technician/log-level', {
      schema: { summary: 'the current log level', tags: ['technician'], response: { 200: LevelReply, ...denied, ...errorReplies } },
      handler: () => ({ level: deps.logs?.level?.() ?? deps.log.level }),
    });
    scoped.put<{ Body: Static<typeof LevelBody> }>('/api/technician/log-level', {
      schema: { summary: 'change the log level now (until the agent restarts)', tags: ['technician'], body: LevelBody, response: { 200: LevelReply, ...denied, ...errorReplies } },
      handler: (request) => {
        const setLevel = deps.logs?.setLevel;
        if (setLevel === undefined) throw new ScError('SC_ERR_NOT_IMPLEMENTED', { feature: 'changing the log level of this agent' });
        setLevel.call(deps.logs, request.body.level);
        request.log.warn({ level: request.body.level }, 'log level changed by the technician');
        return { level: request.body.level };
      },
    });
    done();
  });
  return Promise.resolve();
};
