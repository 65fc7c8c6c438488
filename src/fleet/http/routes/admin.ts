import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { uplinkYaml } from '../../provisioning.js';
import type { FleetAppDeps } from '../context.js';
import { userOf } from '../guard.js';
import { ErrorReply, RoomParams, guardedErrors, rootOf, type RoomParamsT } from '../schemas.js';

const Level = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$' });
const Site = Type.Object({ key: Type.String(), country: Type.String(), site: Type.String(), name: Type.Optional(Type.String()), createdAt: Type.Integer() });
const NewSite = Type.Object({ country: Level, site: Level, name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const NewRoom = Type.Object({ country: Level, site: Level, room: Level, name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
const Credential = Type.Object({
  root: Type.String(),
  username: Type.String(),
  password: Type.String({ description: 'shown once: only its hash is kept' }),
  url: Type.String(),
  uplinkYaml: Type.String(),
});

/** Sites, rooms and room credentials (admin), each change in the audit log. */
export function adminRoutes(deps: FleetAppDeps): FastifyPluginAsync {
  const now = (): number => (deps.now ?? Date.now)();
  const audit = async (request: FastifyRequest, action: string, root?: string): Promise<void> => {
    await deps.store.audit.add({ at: now(), user: userOf(request).username, action, ...(root === undefined ? {} : { root }), result: 'ok' });
  };

  return async (app) => {
    app.get(
      '/sites',
      { config: { permission: 'read' }, schema: { tags: ['admin'], summary: 'Sites', response: { 200: Type.Array(Site), 401: ErrorReply } } },
      async () => deps.store.rooms.listSites(),
    );

    app.post<{ Body: Static<typeof NewSite> }>(
      '/sites',
      { config: { permission: 'admin' }, schema: { tags: ['admin'], summary: 'Add a site', body: NewSite, response: { 200: Site, ...guardedErrors, 409: ErrorReply } } },
      async (request) => {
        const site = await deps.provisioning.addSite(request.body.country, request.body.site, request.body.name);
        await audit(request, 'site.add');
        return site;
      },
    );

    app.post<{ Body: Static<typeof NewRoom> }>(
      '/rooms',
      {
        config: { permission: 'admin' },
        schema: { tags: ['admin'], summary: 'Add a room: returns its MQTT credentials (once) and the uplink part of its config', body: NewRoom, response: { 200: Credential, ...guardedErrors, 409: ErrorReply } },
      },
      async (request) => {
        const b = request.body;
        const { room, credential } = await deps.provisioning.addRoom({ country: b.country, site: b.site, room: b.room }, b.name);
        deps.model.addRoom(room, now());
        await audit(request, 'room.add', room.root);
        return credential;
      },
    );

    app.post<{ Params: RoomParamsT }>(
      '/rooms/:country/:site/:room/credentials',
      {
        config: { permission: 'admin' },
        schema: { tags: ['admin'], summary: 'Rotate: new credentials; the old ones stop working and the room is disconnected', params: RoomParams, response: { 200: Credential, ...guardedErrors } },
      },
      async (request) => {
        const root = rootOf(request.params);
        const credential = await deps.provisioning.rotate(root);
        await audit(request, 'credentials.rotate', root);
        return credential;
      },
    );

    app.delete<{ Params: RoomParamsT }>(
      '/rooms/:country/:site/:room/credentials',
      {
        config: { permission: 'admin' },
        schema: { tags: ['admin'], summary: 'Revoke: the room can no longer connect', params: RoomParams, response: { 200: Type.Object({ disconnected: Type.Integer() }), ...guardedErrors } },
      },
      async (request) => {
        const root = rootOf(request.params);
        const result = await deps.provisioning.revoke(root);
        await audit(request, 'credentials.revoke', root);
        return result;
      },
    );

    app.get<{ Params: RoomParamsT }>(
      '/rooms/:country/:site/:room/uplink.yaml',
      {
        config: { permission: 'admin' },
        schema: { tags: ['admin'], summary: 'Download the uplink part of the room config (the password is in the file it names)', params: RoomParams, response: { 200: Type.String(), ...guardedErrors } },
      },
      async (request, reply) => {
        const root = rootOf(request.params);
        await deps.provisioning.requireRoom(root);
        const username = `${request.params.country}.${request.params.site}.${request.params.room}`;
        return reply
          .type('application/yaml; charset=utf-8')
          .header('content-disposition', `attachment; filename="${request.params.room}-uplink.yaml"`)
          .send(uplinkYaml(deps.provisioning.brokerUrl, username));
      },
    );
  };
}
