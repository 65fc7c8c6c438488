import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ScError } from '../../../core/errors/index.js';
import { TimetableSlotSchema } from '../../../contract/room.js';
import { errorReplies } from '../schemas.js';
import type { RouteOptions } from './common.js';

const TimetableReply = Type.Object({
  configured: Type.Boolean(),
  source: Type.Optional(Type.String()),
  loadedFrom: Type.Optional(Type.String({ description: 'network, cache or file' })),
  loadedAt: Type.Optional(Type.Number()),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
  upcoming: Type.Array(TimetableSlotSchema),
});

/** The timetable as the agent has it (from the feed, or the cache while the link is down). */
export const timetableRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps, auth }) => {
  app.get('/api/timetable', {
    schema: { summary: 'the next slots and where the timetable came from', tags: ['timetable'], response: { 200: TimetableReply } },
    handler: () => (deps.timetable === undefined ? { configured: false, upcoming: [] } : { configured: true, ...deps.timetable.snapshot() }),
  });

  app.post('/api/timetable/refresh', {
    schema: { summary: 'fetch the feed again now (technician)', tags: ['timetable', 'technician'], response: { 200: TimetableReply, 401: Type.Ref('ErrorReply'), ...errorReplies } },
    preHandler: auth.require,
    handler: async () => {
      if (deps.timetable === undefined) throw new ScError('SC_ERR_HTTP_NOT_FOUND', { what: 'A timetable' });
      await deps.timetable.refresh();
      return { configured: true, ...deps.timetable.snapshot() };
    },
  });
  return Promise.resolve();
};
