import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/core/paths.js';
import { mqttSchemaFiles } from '../src/contract/mqtt/json-schema.js';

const dir = join(packageRoot(), 'docs', 'mqtt', 'schemas');
mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(mqttSchemaFiles())) writeFileSync(join(dir, name), text);
process.stdout.write(`wrote ${dir}\n`);
