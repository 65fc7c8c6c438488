// Builds every page app under src/ui/ (each folder with an index.html) into dist/ui/<app>/.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';

const root = join(import.meta.dirname, '..', 'src', 'ui');
const apps = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'index.html')))
  .map((d) => d.name);
for (const app of apps) {
  process.env.UI_APP = app;
  await build({ configFile: join(import.meta.dirname, '..', 'vite.config.ts'), logLevel: 'warn' });
  process.stdout.write(`built dist/ui/${app}/\n`);
}
