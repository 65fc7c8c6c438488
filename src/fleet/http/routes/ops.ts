import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { FleetAppDeps } from '../context.js';

/**
 * `/metrics` for Prometheus and `/healthz` for load balancers. Both are public: they hold
 * fleet-wide counts only, no room names, no credentials.
 */
export function opsRoutes(deps: FleetAppDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/metrics',
      { config: { permission: 'public' }, schema: { tags: ['ops'], summary: 'Prometheus metrics (text format 0.0.4)', response: { 200: Type.String() } } },
      async (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()),
    );
    app.get(
      '/healthz',
      { config: { permission: 'public' }, schema: { tags: ['ops'], summary: 'Liveness', response: { 200: Type.Object({ ok: Type.Boolean(), rooms: Type.Integer() }) } } },
      async () => ({ ok: true, rooms: deps.model.rooms.size }),
    );
  };
}
