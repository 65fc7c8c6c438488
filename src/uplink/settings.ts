import { readFile } from 'node:fs/promises';
import { ScError, messageOf } from '../core/errors/index.js';
import type { RoomConfig } from '../core/config/index.js';
import type { TlsMaterial } from './link/socket.js';

/** The uplink's settings with every default filled in (the `uplink` section of a room config). */
export interface UplinkSettings {
  url: string;
  username?: string;
  password?: string;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  keepaliveSeconds: number;
  reconnectMinSeconds: number;
  reconnectMaxSeconds: number;
  healthIntervalSeconds: number;
  dailyBudgetBytes?: number;
  outboxMaxBytes: number;
}

export const UPLINK_DEFAULTS = {
  // Long enough that pings cost little on a metered link (~30 KB a day with TLS), short enough
  // to stay under the idle timeout of mobile carriers' NATs (rarely below 5 minutes).
  keepaliveSeconds: 240,
  reconnectMinSeconds: 1,
  reconnectMaxSeconds: 300,
  healthIntervalSeconds: 300,
  outboxMaxBytes: 64 * 1024 * 1024,
} as const;

type UplinkSection = NonNullable<RoomConfig['uplink']>;

/** Settings from a loaded room config (secrets already resolved by the config loader). */
export function uplinkSettings(section: UplinkSection): UplinkSettings {
  const s: UplinkSettings = {
    url: section.url,
    username: section.username,
    keepaliveSeconds: section.keepaliveSeconds ?? UPLINK_DEFAULTS.keepaliveSeconds,
    reconnectMinSeconds: UPLINK_DEFAULTS.reconnectMinSeconds,
    reconnectMaxSeconds: section.reconnectMaxSeconds ?? UPLINK_DEFAULTS.reconnectMaxSeconds,
    healthIntervalSeconds: section.healthIntervalSeconds ?? UPLINK_DEFAULTS.healthIntervalSeconds,
    outboxMaxBytes: section.outboxMaxBytes ?? UPLINK_DEFAULTS.outboxMaxBytes,
  };
  if (section.password !== undefined) s.password = section.password;
  if (section.ca_file !== undefined) s.caFile = section.ca_file;
  if (section.cert_file !== undefined) s.certFile = section.cert_file;
  if (section.key_file !== undefined) s.keyFile = section.key_file;
  if (section.dailyBudgetBytes !== undefined) s.dailyBudgetBytes = section.dailyBudgetBytes;
  return s;
}

/** Reads the CA, client certificate and key named in the settings; a missing file is a coded error. */
export async function loadTlsMaterial(settings: UplinkSettings): Promise<TlsMaterial> {
  const read = async (what: string, path: string | undefined): Promise<Buffer | undefined> => {
    if (path === undefined) return undefined;
    try {
      return await readFile(path);
    } catch (err) {
      throw new ScError('SC_ERR_MQTT_TLS_FILE', { what, path, reason: messageOf(err) }, { cause: err });
    }
  };
  const out: TlsMaterial = {};
  const ca = await read('CA file', settings.caFile);
  const cert = await read('client certificate', settings.certFile);
  const key = await read('client key', settings.keyFile);
  if (ca !== undefined) out.ca = ca;
  if (cert !== undefined) out.cert = cert;
  if (key !== undefined) out.key = key;
  if ((cert === undefined) !== (key === undefined)) {
    throw new ScError('SC_ERR_MQTT_TLS_FILE', { what: 'client certificate and key', path: settings.certFile ?? settings.keyFile ?? '', reason: 'give both cert_file and key_file, or neither' });
  }
  return out;
}
