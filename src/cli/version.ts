import { readFileSync } from 'node:fs';

function readVersion(): string {
  // dist/src/cli/version.js and src/cli/version.ts both sit three levels under the package root
  // (src/cli is two, dist adds one); try both so tests running from source work too.
  for (const rel of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'smart-classroom' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

export const VERSION = readVersion();
