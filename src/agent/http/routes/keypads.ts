import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { errorReplies } from '../schemas.js';
import type { RouteOptions } from './common.js';

const denied = { 401: Type.Ref('ErrorReply'), 403: Type.Ref('ErrorReply') };
const Value = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const KeyLayout = Type.Object({
  key: Type.Integer({ minimum: 0 }),
  binding: Type.Object(
    {
      scene: Type.Optional(Type.String()),
      action: Type.Optional(Type.String()),
      device: Type.Optional(Type.String()),
      args: Type.Optional(Type.Record(Type.String(), Value)),
      label: Type.Optional(Type.String()),
      icon: Type.Optional(Type.String()),
      lights: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
    },
    { description: 'the key as the room config binds it' },
  ),
  look: Type.Object(
    {
      light: Type.Object({}, { additionalProperties: true, description: '{color} | {on} | {off}' }),
      label: Type.Optional(Type.String()),
      icon: Type.Optional(Type.String()),
    },
    { description: 'what the key shows now' },
  ),
});
const KeypadLayout = Type.Object({ device: Type.String(), keyCount: Type.Optional(Type.Integer({ minimum: 0 })), keys: Type.Array(KeyLayout) });

/** The room's keypads for the technician page: each key's binding and what it shows now. */
export const keypadRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps, auth }) => {
  app.register((scoped, _opts, done) => {
    scoped.addHook('preHandler', auth.require);
    scoped.get('/api/technician/keypads', {
      schema: { summary: "the keypads' keys: what each does and how it is lit now", tags: ['technician'], response: { 200: Type.Array(KeypadLayout), ...denied, ...errorReplies } },
      handler: () => deps.keypads?.() ?? [],
    });
    done();
  });
  return Promise.resolve();
};
