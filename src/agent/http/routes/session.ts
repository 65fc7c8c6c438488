import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { SceneResultSchema, SessionSnapshotSchema } from '../../../contract/room.js';
import { errorReplies } from '../schemas.js';
import { actorOf, type RouteOptions } from './common.js';

const StartBody = Type.Object(
  {
    course: Type.Optional(Type.String({ maxLength: 200 })),
    teacher: Type.Optional(Type.String({ maxLength: 200 })),
    name: Type.Optional(Type.String({ maxLength: 100, description: 'who pressed the button' })),
  },
  { additionalProperties: false },
);
const EndBody = Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false });
const Outcome = Type.Object({ session: SessionSnapshotSchema, result: Type.Optional(SceneResultSchema) });

/** Starting and ending the class: the wall panel's two big buttons. No login: a teacher can always start a class. */
export const sessionRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps, auth }) => {
  app.get('/api/session', {
    schema: { summary: 'the session state and who moved it', tags: ['session'], response: { 200: SessionSnapshotSchema } },
    handler: () => deps.controller.snapshot().session,
  });

  app.post<{ Body: Static<typeof StartBody> }>('/api/session/start', {
    schema: { summary: 'start the class (runs start-class)', tags: ['session'], body: StartBody, response: { 200: Outcome, ...errorReplies } },
    handler: (request) => {
      const body = request.body ?? {};
      return deps.controller.startSession(actorOf(request, auth, body.name), {
        ...(body.course === undefined ? {} : { course: body.course }),
        ...(body.teacher === undefined ? {} : { teacher: body.teacher }),
      });
    },
  });

  app.post<{ Body: Static<typeof EndBody> }>('/api/session/end', {
    schema: { summary: 'end the class (runs end-class)', tags: ['session'], body: EndBody, response: { 200: Outcome, ...errorReplies } },
    handler: (request) => deps.controller.endSession(actorOf(request, auth, request.body?.name)),
  });
  return Promise.resolve();
};
