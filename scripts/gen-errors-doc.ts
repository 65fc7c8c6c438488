import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorsMarkdown } from '../src/core/errors/markdown.js';
import { packageRoot } from '../src/core/paths.js';

writeFileSync(join(packageRoot(), 'docs', 'errors.md'), errorsMarkdown());
process.stdout.write('wrote docs/errors.md\n');
