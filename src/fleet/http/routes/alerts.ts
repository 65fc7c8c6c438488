import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ScError } from '../../../core/errors/index.js';
import { ALERT_KINDS, ALERT_STATES } from '../../store/types.js';
import type { FleetAppDeps } from '../context.js';
import { requireSite, scopeOf, userOf } from '../guard.js';
import { ErrorReply, IdParams, guardedErrors, type IdParamsT } from '../schemas.js';

const Alert = Type.Object({
  id: Type.Integer(),
  root: Type.String(),
  device: Type.String(),
  kind: Type.Union(ALERT_KINDS.map((k) => Type.Literal(k))),
  severity: Type.String(),
  state: Type.Union(ALERT_STATES.map((s) => Type.Literal(s))),
  message: Type.String(),
  openedAt: Type.Integer(),
  lastRaisedAt: Type.Integer(),
  count: Type.Integer(),
  ackedAt: Type.Optional(Type.Integer()),
  ackedBy: Type.Optional(Type.String()),
  resolvedAt: Type.Optional(Type.Integer()),
  resolvedBy: Type.Optional(Type.String()),
});
const AlertsQuery = Type.Object(
  {
    state: Type.Optional(Type.Union([Type.Literal('active'), ...ALERT_STATES.map((s) => Type.Literal(s))])),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
  },
  { additionalProperties: false },
);

/** Alerts: list, acknowledge, resolve (each recorded with who). */
export function alertRoutes(deps: FleetAppDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Querystring: Static<typeof AlertsQuery> }>(
      '/alerts',
      { config: { permission: 'read' }, schema: { tags: ['alerts'], summary: 'Alerts, newest first', querystring: AlertsQuery, response: { 200: Type.Array(Alert), 400: ErrorReply, 401: ErrorReply } } },
      async (request) => {
        const scope = scopeOf(request, deps.model.rooms.keys());
        return deps.store.alerts.list({ limit: request.query.limit, ...(request.query.state === undefined ? {} : { state: request.query.state }), ...(scope === undefined ? {} : { roots: [...scope] }) });
      },
    );

    for (const [verb, summary] of [
      ['ack', 'Acknowledge: someone is on it'],
      ['resolve', 'Resolve by hand (help requests are only ever resolved by a person)'],
    ] as const) {
      app.post<{ Params: IdParamsT }>(
        `/alerts/:id/${verb}`,
        { config: { permission: 'act' }, schema: { tags: ['alerts'], summary, params: IdParams, response: { 200: Alert, ...guardedErrors } } },
        async (request) => {
          const alert = await deps.store.alerts.get(request.params.id);
          if (alert === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'alert', id: request.params.id });
          requireSite(request, alert.root);
          const user = userOf(request).username;
          return verb === 'ack' ? deps.alerts.acknowledge(alert.id, user) : deps.alerts.resolveById(alert.id, user);
        },
      );
    }
  };
}
