import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { packageRoot } from '../../core/paths.js';

export interface StaticDashboardOptions {
  /** The built dashboard (dist/ui/dashboard of this package when absent). */
  root?: string;
  /** Where it is served; the fleet API stays under /api. */
  prefix?: string;
}

/**
 * Serves the fleet dashboard as plain static files (no CDN, no internet). Hashed assets are
 * cached for good; index.html never is, so an upgrade shows on the next load.
 */
export const staticDashboard: FastifyPluginAsync<StaticDashboardOptions> = async (app, opts) => {
  // The page itself is public (it shows the login); the API behind it checks every request.
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), permission: 'public' };
  });
  const dir = opts.root ?? join(packageRoot(import.meta.url), 'dist', 'ui', 'dashboard');
  const prefix = opts.prefix ?? '/';
  if (!existsSync(join(dir, 'index.html'))) {
    // A source checkout without `npm run build`: say so instead of a bare 404.
    app.get(prefix, (_request, reply) => reply.code(503).type('text/plain; charset=utf-8').send(`The dashboard is not built: run npm run build (looked in ${dir}).\n`));
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix,
    // Only the files that exist get routes, so unknown /api paths keep the API's JSON 404.
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (reply, path) => {
      void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
};
