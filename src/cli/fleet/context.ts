import { resolve } from 'node:path';
import { loadConfigFile, type FleetConfig } from '../../core/config/index.js';
import { ScError } from '../../core/errors/index.js';
import { fleetSettings, type FleetSettings } from '../../fleet/settings.js';
import { SqliteStore } from '../../fleet/store/sqlite/sqlite-store.js';
import type { CliIo } from '../io.js';

export function loadFleetConfig(io: CliIo, file: string | undefined): { config: FleetConfig; settings: FleetSettings } {
  if (file === undefined) throw new ScError('SC_ERR_USAGE', { detail: 'the fleet config is required: --config FILE' });
  const loaded = loadConfigFile<FleetConfig>(resolve(io.cwd, file), { kind: 'fleet', env: io.env });
  return { config: loaded.value, settings: fleetSettings(loaded.value) };
}

/** Opens the fleet's store for one admin command and closes it after. */
export async function withStore<T>(settings: FleetSettings, work: (store: SqliteStore) => Promise<T>): Promise<T> {
  const store = new SqliteStore(settings.storePath);
  await store.start();
  try {
    return await work(store);
  } finally {
    await store.stop();
  }
}

/** `country/site/room` or `country/site` into its levels. */
export function splitPath(text: string, levels: 2 | 3): string[] {
  const parts = text.replace(/^sc\/v1\//, '').split('/');
  if (parts.length !== levels) {
    throw new ScError('SC_ERR_USAGE', { detail: `expected ${levels === 3 ? 'COUNTRY/SITE/ROOM' : 'COUNTRY/SITE'}, got "${text}"` });
  }
  return parts;
}
