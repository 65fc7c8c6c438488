import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { FleetAppDeps } from '../context.js';
import { scopeOf } from '../guard.js';
import { ErrorReply, Range, rangeOf } from '../schemas.js';

const UsageQuery = Type.Intersect([
  Range,
  Type.Object({
    by: Type.Union([Type.Literal('room'), Type.Literal('site'), Type.Literal('country')], { default: 'site' }),
    period: Type.Union([Type.Literal('day'), Type.Literal('week')], { default: 'day' }),
  }),
]);
const FailuresQuery = Type.Intersect([Range, Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 20 }) })]);
const UsageRow = Type.Object({ period: Type.String(), key: Type.String(), sessions: Type.Integer(), hoursTaught: Type.Number(), hoursRecorded: Type.Number() });
const UptimeRow = Type.Object({ root: Type.String(), device: Type.String(), uptimePercent: Type.Number(), onlineHours: Type.Number(), observedHours: Type.Number(), failures: Type.Integer() });

/** Usage and reliability (UTC days and Monday-based weeks). */
export function analyticsRoutes(deps: FleetAppDeps): FastifyPluginAsync {
  const now = (): number => (deps.now ?? Date.now)();
  return async (app) => {
    app.get<{ Querystring: Static<typeof UsageQuery> }>(
      '/analytics/usage',
      {
        config: { permission: 'read' },
        schema: { tags: ['analytics'], summary: 'Classes, hours taught and hours recorded per room, site or country per day or week', querystring: UsageQuery, response: { 200: Type.Array(UsageRow), 400: ErrorReply, 401: ErrorReply } },
      },
      async (request) => {
        const q = request.query;
        return deps.analytics.usage(rangeOf(q, now()), q.by, q.period, scopeOf(request, deps.model.rooms.keys()));
      },
    );

    app.get<{ Querystring: Static<typeof Range> }>(
      '/analytics/uptime',
      { config: { permission: 'read' }, schema: { tags: ['analytics'], summary: 'Device uptime', querystring: Range, response: { 200: Type.Array(UptimeRow), 400: ErrorReply, 401: ErrorReply } } },
      async (request) => deps.analytics.uptime(rangeOf(request.query, now()), scopeOf(request, deps.model.rooms.keys())),
    );

    app.get<{ Querystring: Static<typeof FailuresQuery> }>(
      '/analytics/failures',
      { config: { permission: 'read' }, schema: { tags: ['analytics'], summary: 'The devices that fail most', querystring: FailuresQuery, response: { 200: Type.Array(UptimeRow), 400: ErrorReply, 401: ErrorReply } } },
      async (request) => deps.analytics.topFailures(rangeOf(request.query, now()), request.query.limit, scopeOf(request, deps.model.rooms.keys())),
    );
  };
}
