import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { DashboardHub } from './live-hub.js';
import { liveRoute } from './live-route.js';
import { dashboardRoutes, type DashboardDeps } from './routes.js';

/**
 * The dashboard API as one encapsulated plugin (registered with `prefix: '/api/dashboard'`):
 * it owns its live hub, started with the server and stopped with it.
 */
export function dashboardApi(deps: DashboardDeps, options: { flushMs?: number } = {}): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const hub = new DashboardHub({ model: deps.model, events: deps.events, alerts: deps.store.alerts, ...(options.flushMs === undefined ? {} : { flushMs: options.flushMs }) });
    await hub.start();
    app.addHook('onClose', async () => hub.stop());
    await app.register(dashboardRoutes(deps, hub));
    await app.register(liveRoute(hub));
  };
}
