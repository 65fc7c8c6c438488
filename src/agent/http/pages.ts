import type { FastifyPluginAsync } from 'fastify';
import { cameraSnapshotRoutes } from './routes/camera-snapshot.js';
import { panelControlRoutes } from './routes/panel-controls.js';
import { technicianToolRoutes } from './routes/technician-tools.js';
import type { RouteOptions } from './routes/common.js';
import { staticPages } from './static-pages.js';

/**
 * The wall panel and the technician page (issue 7): their static files and the routes only
 * they need. One registration in buildApp.
 */
export const pages: FastifyPluginAsync<RouteOptions & { uiRoot?: string }> = async (app, opts) => {
  await app.register(panelControlRoutes, { deps: opts.deps, auth: opts.auth });
  await app.register(cameraSnapshotRoutes, { deps: opts.deps, auth: opts.auth });
  await app.register(technicianToolRoutes, { deps: opts.deps, auth: opts.auth });
  await app.register(staticPages, { version: opts.deps.version, ...(opts.uiRoot === undefined ? {} : { root: opts.uiRoot }) });
};
