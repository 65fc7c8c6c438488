import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { ScError } from '../../../core/errors/index.js';
import type { FleetAppDeps } from '../context.js';
import { requireSite, userOf } from '../guard.js';
import { RoomParams, rootOf, type RoomParamsT } from '../schemas.js';
import { meOf, seesFn } from './access.js';
import { analyticsCsv, loadAnalytics, parseRange } from './analytics.js';
import type { HealthPointDto, RoomDetailDto, SiteDto } from '../../../contract/dashboard.js';
import type { DashboardHub } from './live-hub.js';
import { deviceDto, sessionDto, timetableDto } from './summaries.js';

export type DashboardDeps = Pick<FleetAppDeps, 'model' | 'store' | 'analytics' | 'sessions' | 'events' | 'now'>;

const CLASS_HISTORY_MS = 7 * 86_400_000;
const READ = { permission: 'read' as const };
const RangeQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { from: { type: 'integer', minimum: 0 }, to: { type: 'integer', minimum: 1 } },
} as const;

/**
 * What the dashboard reads that the general API does not give in the right shape: compact
 * summaries of every room (thousands at once), one room's detail with its recent classes, the
 * health history for charts, and analytics as one document or CSV. Login, commands, alerts,
 * events and the audit log are the general API's routes. The fleet's guard checks session,
 * CSRF and role before any handler here; handlers add the technician's site scope.
 */
export function dashboardRoutes(deps: DashboardDeps, hub: DashboardHub): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const now = deps.now ?? Date.now;
    const roomOf = (request: Parameters<typeof requireSite>[0], params: RoomParamsT) => {
      const root = rootOf(params);
      requireSite(request, root);
      const view = deps.model.get(root);
      if (view === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'room', id: root });
      return { root, view };
    };

    app.get('/me', { config: READ, schema: { tags: ['dashboard'], summary: 'The signed-in user, the CSRF token and the actions the role may offer' } }, async (request) =>
      meOf(request, deps.sessions),
    );

    app.get('/fleet', { config: READ, schema: { tags: ['dashboard'], summary: 'Every room the caller may see, at a glance, and the sites' } }, async (request) => {
      const sees = seesFn(userOf(request));
      const rooms = hub.summaries(sees);
      const sites: SiteDto[] = (await deps.store.rooms.listSites())
        .filter((s) => sees(`sc/v1/${s.country}/${s.site}/-`))
        .map((s) => ({ key: s.key, country: s.country, site: s.site, ...(s.name === undefined ? {} : { name: s.name }) }));
      return { rooms, sites };
    });

    app.get<{ Params: RoomParamsT }>(
      '/rooms/:country/:site/:room',
      { config: READ, schema: { tags: ['dashboard'], summary: 'One room for the room page', params: RoomParams } },
      async (request): Promise<RoomDetailDto> => {
        const { root, view } = roomOf(request, request.params);
        const summary = hub.summary(root);
        if (summary === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'room', id: root });
        const t = now();
        const classes = (await deps.store.ingest.sessions({ from: t - CLASS_HISTORY_MS, to: t + 1 }))
          .filter((c) => c.root === root)
          .sort((a, b) => b.start - a.start)
          .slice(0, 20)
          .map((c) => ({ start: c.start, ...(c.end === undefined ? {} : { end: c.end }), ...(c.scene === undefined ? {} : { scene: c.scene }), ...(c.by === undefined ? {} : { by: c.by }) }));
        const h = view.health;
        return {
          summary,
          ...(view.version === undefined ? {} : { version: view.version }),
          bdSeq: view.bdSeq,
          skewMs: view.skewMs,
          ...(view.birth?.room.timezone === undefined ? {} : { timezone: view.birth.room.timezone }),
          remoteAllow: view.remoteAllow,
          scenes: view.birth?.scenes ?? [],
          devices: [...view.devices.values()].map(deviceDto),
          ...(view.session === undefined ? {} : { session: sessionDto(view.session) }),
          ...(h === undefined
            ? {}
            : {
                health: {
                  ts: h.ts,
                  uptimeS: h.uptimeS,
                  rssBytes: h.memory.rssBytes,
                  outboxDepth: h.outbox.depth,
                  ...(h.link.rttMs === undefined ? {} : { rttMs: h.link.rttMs }),
                  ...(h.disk === undefined ? {} : { diskFreeBytes: h.disk.freeBytes, diskTotalBytes: h.disk.totalBytes }),
                  ...(h.link.mode === undefined ? {} : { linkMode: h.link.mode }),
                },
              }),
          classes,
          ...(view.timetable === undefined ? {} : { timetable: timetableDto(view.timetable, t) }),
        };
      },
    );

    app.get<{ Params: RoomParamsT }>(
      '/rooms/:country/:site/:room/health',
      { config: READ, schema: { tags: ['dashboard'], summary: 'Recent health reports of one room (memory, outbox, latency), oldest first', params: RoomParams } },
      async (request): Promise<HealthPointDto[]> => hub.health.points(roomOf(request, request.params).root),
    );

    app.get<{ Querystring: { from?: number; to?: number } }>(
      '/analytics',
      { config: READ, schema: { tags: ['dashboard'], summary: 'Hours taught and recorded per site and UTC day, and device uptime', querystring: RangeQuery } },
      async (request) => loadAnalytics(deps.analytics, deps.model, parseRange(request.query, now()), seesFn(userOf(request))),
    );

    app.get<{ Querystring: { from?: number; to?: number } }>(
      '/analytics.csv',
      { config: READ, schema: { tags: ['dashboard'], summary: 'The same hours as CSV, one line per site and day', querystring: RangeQuery } },
      async (request, reply) => {
        const data = await loadAnalytics(deps.analytics, deps.model, parseRange(request.query, now()), seesFn(userOf(request)));
        return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="classroom-analytics.csv"').send(analyticsCsv(data));
      },
    );
  };
}
