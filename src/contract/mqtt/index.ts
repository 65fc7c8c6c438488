export * from './topics.js';
export * from './payloads.js';
export { PayloadChecker, type PayloadKind } from './check.js';
export { mqttSchemaFiles } from './json-schema.js';
