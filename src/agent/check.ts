import { createLogger } from '../core/logger.js';
import { findDriver } from '../drivers/registry.js';
import type { RoomLoadedConfig } from './config.js';
import { buildDevices } from './devices/build.js';
import { validateRoom } from './validate.js';

/**
 * Everything the agent checks about a room config before it starts, without starting anything:
 * driver options, targets, profiles, scenes, keypads, the remote allow-list. `classroom config
 * check` runs it, so a file that passes the check is a file the agent accepts. Throws ConfigError.
 */
export function checkRoomConfig(config: RoomLoadedConfig): void {
  // Driver constructors only store their context, so building them opens nothing.
  const { plans, problems } = buildDevices({ config, log: createLogger({ level: 'silent' }), findDriver });
  validateRoom(config, plans, problems);
}
