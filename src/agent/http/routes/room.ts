import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Args, DeviceSchema, DeviceStateSchema, HelpStateSchema, IdParam, SessionSchema, SlotSchema, UplinkHealthSchema, errorReplies } from '../schemas.js';
import { actorOf, type RouteOptions } from './common.js';

const DeviceParams = Type.Object({ id: IdParam }, { additionalProperties: false });
const ActionBody = Type.Object(
  {
    action: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z.-]*$', description: 'a capability action such as volume.set or power.on' }),
    args: Type.Optional(Args),
  },
  { additionalProperties: false },
);
const HelpBody = Type.Object({ message: Type.Optional(Type.String({ maxLength: 500 })), name: Type.Optional(Type.String({ maxLength: 100 })) }, { additionalProperties: false });

/** The room as it is: health, full state, devices, device actions and the help button. */
export const roomRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps, auth }) => {
  app.get('/api/health', {
    schema: {
      summary: 'is the agent up, and how many devices answer',
      tags: ['room'],
      response: { 200: Type.Object({ ok: Type.Boolean(), version: Type.String(), uptimeS: Type.Number(), devices: Type.Object({ online: Type.Integer(), offline: Type.Integer() }), session: Type.String(), uplink: Type.Optional(UplinkHealthSchema) }) },
    },
    handler: () => {
      const list = deps.devices.list();
      const online = list.filter((d) => d.state.status === 'online' || d.state.status === 'degraded').length;
      const uplink = deps.uplink?.();
      return {
        ok: true,
        version: deps.version,
        uptimeS: Math.round((Date.now() - deps.startedAt) / 1000),
        devices: { online, offline: list.length - online },
        session: deps.controller.snapshot().session.state,
        ...(uplink === undefined ? {} : { uplink }),
      };
    },
  });

  app.get('/api/state', {
    schema: {
      summary: 'the whole room: session, devices, scenes, the next timetable slots',
      tags: ['room'],
      response: {
        200: Type.Object({
          room: Type.Object({ id: Type.String(), country: Type.String(), site: Type.String(), name: Type.Optional(Type.String()), timezone: Type.Optional(Type.String()), language: Type.Optional(Type.String()) }),
          ts: Type.Number(),
          session: SessionSchema,
          devices: Type.Array(DeviceSchema),
          scenes: Type.Array(Type.Object({ id: Type.String(), label: Type.Optional(Type.String()), running: Type.Boolean() })),
          upcoming: Type.Array(SlotSchema),
          remoteAllow: Type.Array(Type.String()),
          help: Type.Optional(HelpStateSchema),
        }),
      },
    },
    handler: () => deps.controller.snapshot(),
  });

  app.get('/api/devices', {
    schema: { summary: 'every device with its capabilities and live state', tags: ['devices'], response: { 200: Type.Array(DeviceSchema) } },
    handler: () => deps.devices.list(),
  });

  app.get<{ Params: Static<typeof DeviceParams> }>('/api/devices/:id', {
    schema: { summary: 'one device', tags: ['devices'], params: DeviceParams, response: { 200: DeviceSchema, ...errorReplies } },
    handler: (request) => deps.devices.info(request.params.id),
  });

  app.post<{ Params: Static<typeof DeviceParams>; Body: Static<typeof ActionBody> }>('/api/devices/:id/actions', {
    schema: {
      summary: 'run one capability action on a device (teacher level: no login)',
      tags: ['devices'],
      params: DeviceParams,
      body: ActionBody,
      response: { 200: Type.Object({ device: Type.String(), action: Type.String(), state: DeviceStateSchema }), ...errorReplies },
    },
    handler: async (request) => {
      const { id } = request.params;
      const state = await deps.controller.deviceAction(id, request.body.action, request.body.args ?? {}, actorOf(request, auth));
      return { device: id, action: request.body.action, state };
    },
  });

  app.post<{ Body: Static<typeof HelpBody> }>('/api/help', {
    schema: {
      summary: 'call the site technician; the room state goes with the call',
      tags: ['room'],
      body: HelpBody,
      response: { 202: Type.Object({ id: Type.String(), ts: Type.Number() }), ...errorReplies },
    },
    handler: async (request, reply) => {
      const body = request.body ?? {};
      const help = deps.controller.help(actorOf(request, auth, body.name), body.message);
      return reply.code(202).send({ id: help.id, ts: help.ts });
    },
  });
  return Promise.resolve();
};
