import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { offlineShellWorker } from './offline-shell.js';

export interface StaticPagesOptions {
  /** The folder with one built page app per subfolder (dist/ui); found from this file when absent. */
  root?: string;
  /** Names the kiosk's offline copy, so an upgrade replaces it. */
  version?: string;
}

/** The pages and where they are served. The wall panel owns `/`; the API stays under /api. */
const PAGES = [
  { app: 'wall-panel', prefix: '/' },
  { app: 'technician', prefix: '/technician/' },
] as const;

/** dist/ui from dist/src/agent/http (built) or from src/agent/http (tests run on the sources). */
export function defaultUiRoot(): string {
  const up = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  return basename(up) === 'dist' ? join(up, 'ui') : join(up, 'dist', 'ui');
}

/**
 * Serves the wall panel and the technician page as plain static files from the mini-PC (no CDN).
 * Hashed assets are cached for good; index.html never is, so a kiosk picks up an upgrade on
 * its next load.
 */
export const staticPages: FastifyPluginAsync<StaticPagesOptions> = async (app, opts) => {
  const root = opts.root ?? defaultUiRoot();
  let decorated = false;
  for (const page of PAGES) {
    const dir = join(root, page.app);
    if (!existsSync(join(dir, 'index.html'))) {
      // Not built (a source checkout without `npm run build`): say so instead of a bare 404.
      app.get(page.prefix, (_request, reply) => reply.code(503).type('text/plain; charset=utf-8').send(`The ${page.app} page is not built: run npm run build (looked in ${dir}).\n`));
      continue;
    }
    await app.register(fastifyStatic, {
      root: dir,
      prefix: page.prefix,
      decorateReply: !decorated,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (reply, path) => {
        void reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    decorated = true;
    if (page.app === 'wall-panel') {
      const worker = offlineShellWorker(dir, opts.version ?? 'dev');
      app.get('/sw.js', { schema: { hide: true } }, (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(worker));
    }
  }
  // Relative asset URLs need the trailing slash.
  app.get('/technician', (_request, reply) => reply.redirect('/technician/'));
};
