import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * One Vite build per page app (wall-panel, technician, dashboard), each into dist/ui/<app>/ with
 * relative asset URLs, so the agent and the fleet serve them as plain static files with no CDN.
 * `UI_APP=wall-panel vite build`; `npm run build:ui` builds them all.
 */
const app = process.env.UI_APP ?? 'wall-panel';

export default defineConfig({
  root: resolve(import.meta.dirname, 'src/ui', app),
  base: './',
  publicDir: false,
  resolve: { alias: { '@ui': resolve(import.meta.dirname, 'src/ui/shared') } },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/ui', app),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    chunkSizeWarningLimit: 400,
  },
  logLevel: 'warn',
});
