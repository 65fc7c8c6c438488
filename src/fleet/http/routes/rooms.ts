import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ScError } from '../../../core/errors/index.js';
import { roomJson, type RoomView } from '../../ingest/model.js';
import type { FleetAppDeps } from '../context.js';
import { requireSite, scopeOf } from '../guard.js';
import { Anything, ErrorReply, RoomParams, guardedErrors, rootOf, type RoomParamsT } from '../schemas.js';

const RoomsQuery = Type.Object(
  {
    country: Type.Optional(Type.String({ maxLength: 64 })),
    site: Type.Optional(Type.String({ maxLength: 64 })),
    online: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
const EventsQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    type: Type.Optional(Type.String({ maxLength: 64 })),
    since: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
const RoomSummary = Type.Object({
  root: Type.String(),
  country: Type.String(),
  site: Type.String(),
  room: Type.String(),
  name: Type.Optional(Type.String()),
  online: Type.Boolean(),
  lastSeen: Type.Integer(),
  offlineSince: Type.Optional(Type.Integer()),
  session: Type.Optional(Type.String()),
  devices: Type.Object({ total: Type.Integer(), offline: Type.Integer() }),
});

function summary(r: RoomView): Static<typeof RoomSummary> {
  let offline = 0;
  for (const d of r.devices.values()) if (d.status === 'offline') offline++;
  return {
    root: r.root,
    country: r.country,
    site: r.site,
    room: r.room,
    ...(r.name === undefined ? {} : { name: r.name }),
    online: r.online,
    lastSeen: r.lastSeen,
    ...(r.offlineSince === undefined ? {} : { offlineSince: r.offlineSince }),
    ...(r.session === undefined ? {} : { session: r.session.state }),
    devices: { total: r.devices.size, offline },
  };
}

/** The fleet at a glance: countries, sites and rooms, each room's live state and history. */
export function roomRoutes(deps: FleetAppDeps): FastifyPluginAsync {
  const visible = (scope: Set<string> | undefined): RoomView[] => [...deps.model.rooms.values()].filter((r) => scope === undefined || scope.has(r.root));

  return async (app) => {
    app.get(
      '/overview',
      {
        config: { permission: 'read' },
        schema: {
          tags: ['rooms'],
          summary: 'Counts per country and site: rooms online, offline, in class, open alerts',
          response: { 200: Type.Object({ countries: Type.Array(Anything) }), 401: ErrorReply },
        },
      },
      async (request) => {
        const scope = scopeOf(request, deps.model.rooms.keys());
        const alerts = await deps.store.alerts.list({ state: 'active', limit: 100_000, ...(scope === undefined ? {} : { roots: [...scope] }) });
        const alertsByRoom = new Map<string, number>();
        for (const a of alerts) alertsByRoom.set(a.root, (alertsByRoom.get(a.root) ?? 0) + 1);
        const countries = new Map<string, Map<string, { site: string; rooms: number; online: number; inClass: number; alerts: number }>>();
        for (const r of visible(scope)) {
          let sites = countries.get(r.country);
          if (sites === undefined) countries.set(r.country, (sites = new Map()));
          let s = sites.get(r.site);
          if (s === undefined) sites.set(r.site, (s = { site: r.site, rooms: 0, online: 0, inClass: 0, alerts: 0 }));
          s.rooms++;
          if (r.online) s.online++;
          if (r.session !== undefined && r.session.state !== 'idle') s.inClass++;
          s.alerts += alertsByRoom.get(r.root) ?? 0;
        }
        return {
          countries: [...countries].sort(([a], [b]) => a.localeCompare(b)).map(([country, sites]) => ({ country, sites: [...sites.values()] })),
        };
      },
    );

    app.get<{ Querystring: Static<typeof RoomsQuery> }>(
      '/rooms',
      {
        config: { permission: 'read' },
        schema: { tags: ['rooms'], summary: 'Every room the caller may see, with its live state', querystring: RoomsQuery, response: { 200: Type.Array(RoomSummary), 400: ErrorReply, 401: ErrorReply } },
      },
      async (request) => {
        const q = request.query;
        return visible(scopeOf(request, deps.model.rooms.keys()))
          .filter((r) => (q.country === undefined || r.country === q.country) && (q.site === undefined || r.site === q.site) && (q.online === undefined || r.online === q.online))
          .map(summary);
      },
    );

    app.get<{ Params: RoomParamsT }>(
      '/rooms/:country/:site/:room',
      { config: { permission: 'read' }, schema: { tags: ['rooms'], summary: 'One room: devices, session, health, scenes', params: RoomParams, response: { 200: Anything, ...guardedErrors } } },
      async (request) => {
        const root = rootOf(request.params);
        requireSite(request, root);
        const room = deps.model.get(root);
        if (room === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'room', id: root });
        return roomJson(room);
      },
    );

    app.get<{ Params: RoomParamsT; Querystring: Static<typeof EventsQuery> }>(
      '/rooms/:country/:site/:room/events',
      {
        config: { permission: 'read' },
        schema: { tags: ['rooms'], summary: 'Stored events of one room, newest first', params: RoomParams, querystring: EventsQuery, response: { 200: Type.Array(Anything), ...guardedErrors } },
      },
      async (request) => {
        const root = rootOf(request.params);
        requireSite(request, root);
        if (deps.model.get(root) === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'room', id: root });
        const q = request.query;
        return deps.store.ingest.events({ root, limit: q.limit, ...(q.type === undefined ? {} : { type: q.type }), ...(q.since === undefined ? {} : { since: Date.parse(q.since) }) });
      },
    );

    app.get<{ Params: RoomParamsT }>(
      '/rooms/:country/:site/:room/gaps',
      {
        config: { permission: 'read' },
        schema: { tags: ['rooms'], summary: 'Events still missing from this room (gaps in seq)', params: RoomParams, response: { 200: Type.Array(Anything), ...guardedErrors } },
      },
      async (request) => {
        const root = rootOf(request.params);
        requireSite(request, root);
        return deps.store.ingest.openGaps(root);
      },
    );
  };
}
