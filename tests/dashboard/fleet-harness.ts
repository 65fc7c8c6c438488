import { pino } from 'pino';
import { DEFAULT_THRESHOLDS, type AlertThresholds } from '../../src/fleet/alerts/rules.js';
import { RoomDirectory } from '../../src/fleet/auth/room-directory.js';
import { UserService } from '../../src/fleet/auth/users.js';
import { Provisioning } from '../../src/fleet/provisioning.js';
import { FleetService } from '../../src/fleet/service.js';
import type { FleetSettings } from '../../src/fleet/settings.js';
import { SqliteStore } from '../../src/fleet/store/sqlite/sqlite-store.js';
import type { Role } from '../../src/fleet/store/types.js';
import { SimulatedFleet, type SimCredential, type SimRoomSpec } from '../../src/simulators/fleet/index.js';
import { tempDir, type TempDir } from '../helpers/index.js';

export interface TestFleet {
  url: string;
  brokerUrl: string;
  sim: SimulatedFleet;
  store: SqliteStore;
  addUser(username: string, role: Role, sites?: string[]): Promise<{ username: string; password: string }>;
  stop(): Promise<void>;
}

/**
 * A real fleet on 127.0.0.1, the same `FleetService` that `classroom fleet` runs (SQLite store,
 * embedded aedes broker with per-room credentials, ingest, alerts, commands, HTTP with the
 * dashboard), fed by simulated rooms that connect through the broker with credentials issued
 * by provisioning. Alert thresholds are short so that "within seconds" is seconds here.
 */
export async function startTestFleet(rooms: readonly SimRoomSpec[], thresholds: Partial<AlertThresholds> = {}): Promise<TestFleet> {
  const log = pino({ level: process.env.SC_TEST_LOG ?? 'silent' });
  const dir: TempDir = tempDir('sc-dashboard-');
  const store = new SqliteStore(`${dir.path}/fleet.db`);
  await store.start();
  // Provisioned before the fleet starts, as `classroom fleet room add` would: the fleet loads them.
  const provisioning = new Provisioning({ store, directory: new RoomDirectory(), bus: undefined, brokerUrl: 'mqtt://127.0.0.1' });
  const credentials = new Map<string, SimCredential>();
  const sites = new Set<string>();
  for (const r of rooms) {
    if (!sites.has(`${r.country}/${r.site}`)) {
      sites.add(`${r.country}/${r.site}`);
      await provisioning.addSite(r.country, r.site, r.siteName);
    }
    const { credential } = await provisioning.addRoom({ country: r.country, site: r.site, room: r.room }, r.name);
    credentials.set(credential.root, { username: credential.username, password: credential.password });
  }
  const settings: FleetSettings = {
    name: 'test fleet',
    dataDir: dir.path,
    storePath: `${dir.path}/fleet.db`,
    retentionDays: 400,
    broker: { mode: 'embedded', listeners: [{ transport: 'mqtt', host: '127.0.0.1', port: 0 }], maxMessageBytes: 262_144, maxMessagesPerSecond: 1000, publicUrl: 'mqtt://127.0.0.1' },
    http: { host: '127.0.0.1', port: 0, cookieSecret: 'a-cookie-secret-for-tests-only-0123456789', sessionHours: 1, loginAttemptsPerMinute: 1000, secureCookies: false },
    alerts: { ...DEFAULT_THRESHOLDS, roomOfflineMs: 500, deviceOfflineMs: 500, debounceMs: 1000, ...thresholds },
    commands: { expirySeconds: 60, replyWaitSeconds: 5 },
  };
  const service = new FleetService({ settings, log, version: '0.0.0-test', store, alertCheckMs: 200 });
  const started = await service.start();
  const url = `http://127.0.0.1:${started.http.port}/`;
  const brokerUrl = `mqtt://127.0.0.1:${started.mqtt.mqtt ?? 0}`;
  const users = new UserService({ repo: store.users });
  const sim = new SimulatedFleet({
    url: brokerUrl,
    rooms,
    credentials: (root) => {
      const c = credentials.get(root);
      if (c === undefined) throw new Error(`no credentials for ${root}`);
      return c;
    },
    healthPeriodMs: 2000,
    connectConcurrency: 16,
    transitionMs: 200,
  });
  await sim.start();
  return {
    url,
    brokerUrl,
    sim,
    store,
    addUser: async (username, role, userSites) => {
      const password = `pw-${username}-0123456789`;
      await users.add({ username, password, role, ...(userSites === undefined ? {} : { sites: userSites }) });
      return { username, password };
    },
    stop: async () => {
      await sim.stop();
      await service.stop();
      await store.stop();
      dir.remove();
    },
  };
}
