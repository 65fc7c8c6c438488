import { PAYLOAD_SCHEMAS } from './payloads.js';

/**
 * The JSON Schema files of the MQTT payloads (docs/mqtt/schemas/), derived from the TypeBox
 * schemas, which stay the one source. `npm run docs:mqtt` writes them; a test fails when the
 * committed files are stale. Other languages (the fleet's tooling, a broker plugin) use these.
 */
export function mqttSchemaFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [kind, schema] of Object.entries(PAYLOAD_SCHEMAS)) {
    const { $id: _ignored, ...rest } = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
    const file = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://smart-classroom.invalid/schema/mqtt/${kind}.schema.json`,
      title: `smart-classroom MQTT ${kind} payload`,
      ...rest,
    };
    out[`${kind}.schema.json`] = `${JSON.stringify(file, null, 2)}\n`;
  }
  return out;
}
