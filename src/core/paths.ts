import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of this package's package.json, found by walking up from a module's URL, so
 * that code works the same when run from dist/ (installed) and from src/ (tests).
 */
export function packageRoot(fromUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string };
      if (pkg.name === 'smart-classroom') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package root of smart-classroom not found above ${fromUrl}`);
    dir = parent;
  }
}
