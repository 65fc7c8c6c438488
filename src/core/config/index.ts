export { loadConfigFile, parseConfig, formatProblem, ConfigError, type ConfigProblem, type LoadedConfig, type LoadOptions } from './load.js';
export { CONFIG_SCHEMAS, RoomConfigSchema, FleetConfigSchema, DRIVERS, SCHEMA_VERSION, type RoomConfig, type FleetConfig, type ConfigKind } from './schema/index.js';
export { KEY_COLORS, KEY_ICONS, KEY_SESSION_STATES, type KeyBindingConfig, type KeyLightRuleConfig, type KeypadConfig } from './schema/index.js';
export { schemaProblems, formatPath, type SchemaProblem } from './problems.js';
export { jsonSchemaFiles } from './json-schema.js';
