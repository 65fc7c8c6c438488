import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mosquittoFiles } from '../../src/fleet/auth/mosquitto-export.js';
import { hashRoomPassword } from '../../src/fleet/auth/room-credentials.js';
import { RoomDirectory } from '../../src/fleet/auth/room-directory.js';
import { Provisioning, type IssuedCredential } from '../../src/fleet/provisioning.js';
import { SqliteStore } from '../../src/fleet/store/sqlite/sqlite-store.js';
import { startMosquitto, tempDir, type MosquittoBroker, type TempDir } from '../helpers/index.js';
import { connectMqtt, sleep, subscribeGranted, until } from './helpers.js';

const A = 'sc/v1/ke/uon/room-a';
const B = 'sc/v1/ke/uon/room-b';

describe('Mosquitto 2 with the files from export-acl enforces the same rules', () => {
  let dir: TempDir;
  let store: SqliteStore;
  let mosquitto: MosquittoBroker;
  let credA: IssuedCredential;
  let credB: IssuedCredential;
  let fleet: MqttClient;
  const fleetSeen: string[] = [];
  const clients: MqttClient[] = [];
  const FLEET_PASSWORD = 'fleet-service-password-1';

  const room = async (cred: IssuedCredential): Promise<MqttClient> => {
    const c = await connectMqtt(mosquitto.url, { username: cred.username, password: cred.password });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = tempDir('sc-fleet-mosq-');
    store = new SqliteStore(join(dir.path, 'fleet.db'));
    await store.start();
    const provisioning = new Provisioning({ store, directory: new RoomDirectory(), bus: undefined, brokerUrl: 'mqtt://127.0.0.1:1883' });
    await provisioning.addSite('ke', 'uon');
    credA = (await provisioning.addRoom({ country: 'ke', site: 'uon', room: 'room-a' })).credential;
    credB = (await provisioning.addRoom({ country: 'ke', site: 'uon', room: 'room-b' })).credential;
    const paths = { passwords: join(dir.path, 'passwd'), acl: join(dir.path, 'acl') };
    const files = mosquittoFiles(await store.rooms.listCredentials(), { username: 'fleet', hash: await hashRoomPassword(FLEET_PASSWORD) }, paths);
    writeFileSync(paths.passwords, files.passwords);
    writeFileSync(paths.acl, files.acl);
    // Run as root, Mosquitto drops to its own user before reading these files.
    chmodSync(dir.path, 0o755);
    chmodSync(paths.passwords, 0o644);
    chmodSync(paths.acl, 0o644);
    mosquitto = await startMosquitto({ config: files.conf.trim().split('\n') });
    fleet = await connectMqtt(mosquitto.url, { username: 'fleet', password: FLEET_PASSWORD });
    expect(await subscribeGranted(fleet, '$share/fleet/sc/v1/#')).toBe(1);
    fleet.on('message', (topic, payload) => fleetSeen.push(`${topic} ${payload.toString()}`));
  });

  afterAll(async () => {
    for (const c of [...clients, fleet]) c?.end(true);
    await mosquitto?.close();
    await store?.stop();
    dir?.remove();
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connectMqtt(mosquitto.url)).rejects.toThrow(/Not authorized/i);
    await expect(connectMqtt(mosquitto.url, { username: credA.username, password: credB.password })).rejects.toThrow(/Not authorized|Bad user/i);
  });

  it('passes a room\'s own messages to the fleet and drops those under another room or on cmd', async () => {
    const a = await room(credA);
    await a.publishAsync(`${B}/event`, 'forged-b', { qos: 1 });
    await a.publishAsync(`${A}/cmd`, 'forged-cmd', { qos: 1 });
    await a.publishAsync(`${A}/event`, 'own', { qos: 1 });
    await until(() => fleetSeen.includes(`${A}/event own`), 'the room\'s own event');
    await sleep(200);
    expect(fleetSeen.filter((m) => m.includes('forged'))).toEqual([]);
  });

  it('lets a room read only its own cmd and the fleet status, never # or another room', async () => {
    const a = await room(credA);
    const got: string[] = [];
    a.on('message', (topic, payload) => got.push(`${topic} ${payload.toString()}`));
    // Mosquitto 2.0.11 grants these filters (SUBACK 1) but checks every delivery against the
    // ACL: what matters is that nothing outside the room's rights arrives.
    for (const filter of ['#', 'sc/v1/#', `${B}/cmd`, `${B}/#`, `${A}/status`]) await subscribeGranted(a, filter);
    expect(await subscribeGranted(a, `${A}/cmd`)).toBe(1);
    expect(await subscribeGranted(a, 'sc/v1/fleet/status')).toBe(1);
    const b = await room(credB);
    await b.publishAsync(`${B}/event`, 'b-event', { qos: 1 });
    await b.publishAsync(`${B}/status`, 'b-status', { qos: 1, retain: true });
    await a.publishAsync(`${A}/status`, 'a-status', { qos: 1, retain: true });
    await fleet.publishAsync(`${B}/cmd`, 'cmd-for-b', { qos: 1 });
    await fleet.publishAsync(`${A}/cmd`, 'cmd-for-a', { qos: 1 });
    await fleet.publishAsync('sc/v1/fleet/status', '{"online":true,"ts":1}', { qos: 1 });
    await until(() => got.length >= 2, 'the command and the fleet status');
    await sleep(200);
    // Overlapping filters may deliver one message once per filter.
    expect([...new Set(got)].sort()).toEqual(['sc/v1/fleet/status {"online":true,"ts":1}', `${A}/cmd cmd-for-a`]);
  });
});
