import { CONFIG_SCHEMAS, type ConfigKind } from './schema/index.js';

/**
 * The JSON Schema files written to config/schema/ for editors, derived from the TypeBox
 * schemas (the one source). `npm run schema` writes them; a test fails when they are stale.
 */
export function jsonSchemaFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kind of Object.keys(CONFIG_SCHEMAS) as ConfigKind[]) {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://smart-classroom.invalid/schema/${kind}.schema.json`,
      title: `smart-classroom ${kind} config`,
      ...JSON.parse(JSON.stringify(CONFIG_SCHEMAS[kind])),
    };
    out[`${kind}.schema.json`] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  return out;
}
