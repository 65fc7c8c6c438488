import type { TSchema } from '@sinclair/typebox';
import { FleetConfigSchema } from './fleet.js';
import { RoomConfigSchema } from './room.js';

export { RoomConfigSchema, DRIVERS, type RoomConfig } from './room.js';
export { FleetConfigSchema, type FleetConfig } from './fleet.js';
export { SCHEMA_VERSION } from './common.js';
export { KEY_COLORS, KEY_ICONS, KEY_SESSION_STATES, type KeyBindingConfig, type KeyLightRuleConfig, type KeypadConfig } from './keypad.js';

export type ConfigKind = 'room' | 'fleet';

/** The schema of each kind of config file, by the top-level section that marks it. */
export const CONFIG_SCHEMAS: Readonly<Record<ConfigKind, TSchema>> = {
  room: RoomConfigSchema,
  fleet: FleetConfigSchema,
};
