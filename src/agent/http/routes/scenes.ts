import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { SceneInfoSchema, SceneResultSchema } from '../../../contract/room.js';
import { IdParam, errorReplies } from '../schemas.js';
import { actorOf, type RouteOptions } from './common.js';

const SceneParams = Type.Object({ id: IdParam }, { additionalProperties: false });
const RunBody = Type.Object(
  {
    wait: Type.Optional(Type.Boolean({ description: 'answer with the result when the scene is done (default), or at once with 202 and the run id' })),
    name: Type.Optional(Type.String({ maxLength: 100, description: 'who pressed the button, if known' })),
  },
  { additionalProperties: false },
);

/** The room's scenes and running them; a scene that is already running is joined. */
export const sceneRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps, auth }) => {
  app.get('/api/scenes', {
    schema: {
      summary: 'the scenes of this room, whether each runs, and its last result',
      tags: ['scenes'],
      response: { 200: Type.Array(SceneInfoSchema) },
    },
    handler: () => deps.scenes.list(),
  });

  app.post<{ Params: Static<typeof SceneParams>; Body: Static<typeof RunBody> }>('/api/scenes/:id/run', {
    schema: {
      summary: 'run a scene (start-class and end-class also move the session)',
      tags: ['scenes'],
      params: SceneParams,
      body: RunBody,
      response: { 200: SceneResultSchema, 202: Type.Object({ scene: Type.String(), accepted: Type.Boolean() }), ...errorReplies },
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      const body = request.body ?? {};
      const by = actorOf(request, auth, body.name);
      if (!deps.scenes.has(id)) return deps.controller.runScene(id, by);
      if (body.wait === false) {
        // The outcome reaches the caller through /api/events; failures are logged there too.
        deps.controller.runScene(id, by).catch((err: unknown) => request.log.warn({ err, scene: id }, 'scene run failed'));
        return reply.code(202).send({ scene: id, accepted: true });
      }
      return deps.controller.runScene(id, by);
    },
  });
  return Promise.resolve();
};
