import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetConfig } from '../../src/core/config/index.js';
import { mosquittoFiles } from '../../src/fleet/auth/mosquitto-export.js';
import { hashRoomPassword } from '../../src/fleet/auth/room-credentials.js';
import { RoomDirectory } from '../../src/fleet/auth/room-directory.js';
import { Provisioning, type IssuedCredential } from '../../src/fleet/provisioning.js';
import { FleetService } from '../../src/fleet/service.js';
import { fleetSettings } from '../../src/fleet/settings.js';
import { SqliteStore } from '../../src/fleet/store/sqlite/sqlite-store.js';
import type { CommandMessage } from '../../src/contract/mqtt/index.js';
import { startMosquitto, tempDir, type MosquittoBroker, type TempDir } from '../helpers/index.js';
import { birthMsg, eventMsg } from './fixtures.js';
import { connectMqtt, silentLog, until } from './helpers.js';

const ROOMS = 4;
const EVENTS_PER_ROOM = 60;
const FLEET_PASSWORD = 'fleet-worker-password';

describe('external broker: two fleet workers on Mosquitto share the ingest', () => {
  let dir: TempDir;
  let mosquitto: MosquittoBroker;
  const workers: FleetService[] = [];
  const rooms: { cred: IssuedCredential; client: MqttClient }[] = [];
  let store: SqliteStore;
  let adminPassword = '';

  beforeAll(async () => {
    dir = tempDir('sc-fleet-ext-');
    const dbPath = join(dir.path, 'fleet.db');
    store = new SqliteStore(dbPath);
    await store.start();
    const provisioning = new Provisioning({ store, directory: new RoomDirectory(), bus: undefined, brokerUrl: 'mqtt://127.0.0.1' });
    await provisioning.addSite('ke', 'uon');
    const creds: IssuedCredential[] = [];
    for (let i = 0; i < ROOMS; i++) creds.push((await provisioning.addRoom({ country: 'ke', site: 'uon', room: `room-${i}` })).credential);
    const paths = { passwords: join(dir.path, 'passwords'), acl: join(dir.path, 'acl') };
    const files = mosquittoFiles(await store.rooms.listCredentials(), { username: 'fleet', hash: await hashRoomPassword(FLEET_PASSWORD) }, paths);
    writeFileSync(paths.passwords, files.passwords);
    writeFileSync(paths.acl, files.acl);
    chmodSync(dir.path, 0o755);
    chmodSync(paths.passwords, 0o644);
    mosquitto = await startMosquitto({ config: files.conf.trim().split('\n') });

    for (let w = 0; w < 2; w++) {
      const config: FleetConfig = {
        schemaVersion: 1,
        fleet: { name: 'ext' },
        dataDir: join(dir.path, `worker-${w}`),
        broker: { mode: 'external', url: mosquitto.url, username: 'fleet', password: FLEET_PASSWORD, clientId: `fleet-worker-${w}` },
        http: { host: '127.0.0.1', port: 0 },
        store: { path: dbPath },
        commands: { replyWaitSeconds: 5 },
      };
      const worker = new FleetService({ settings: fleetSettings(config), log: silentLog, version: 'test' });
      const started = await worker.start();
      // the first worker creates the admin; the second finds it in the shared store
      if (w === 0) adminPassword = started.firstAdmin?.password ?? '';
      else expect(started.firstAdmin).toBeUndefined();
      workers.push(worker);
    }
    for (const cred of creds) {
      const root = cred.root;
      const client = await connectMqtt(mosquitto.url, {
        username: cred.username,
        password: cred.password,
        will: { topic: `${root}/status`, payload: Buffer.from(JSON.stringify({ online: false, bdSeq: 1, ts: Date.now() })), qos: 1, retain: true },
      });
      rooms.push({ cred, client });
    }
  });

  afterAll(async () => {
    for (const r of rooms) r.client.end(true);
    for (const w of workers) await w.stop();
    await store?.stop();
    await mosquitto?.close();
    dir?.remove();
  });

  it('handles each event once across the workers, and both take a share', async () => {
    await Promise.all(
      rooms.map(async ({ cred, client }) => {
        await client.publishAsync(`${cred.root}/status`, JSON.stringify({ online: true, bdSeq: 1, ts: Date.now() }), { qos: 1, retain: true });
        for (let seq = 1; seq <= EVENTS_PER_ROOM; seq++) await client.publishAsync(`${cred.root}/event`, JSON.stringify(eventMsg(seq)), { qos: 1 });
      }),
    );
    const total = ROOMS * EVENTS_PER_ROOM;
    await until(async () => (await store.ingest.events({ limit: total + 10 })).length === total, 'every event stored', 20_000);
    for (const w of workers) await w.ingest.writer.flush();
    const handled = workers.map((w) => w.metrics.value('sc_fleet_messages_total', { kind: 'event' }));
    expect(handled[0]).toBeGreaterThan(0);
    expect(handled[1]).toBeGreaterThan(0);
    expect((handled[0] ?? 0) + (handled[1] ?? 0)).toBe(total);
    expect(workers.map((w) => w.metrics.value('sc_fleet_events_duplicate_total'))).toEqual([0, 0]);
    // each worker saw half of each room's events, yet no gap is recorded: the store decides
    expect(await store.ingest.openGaps()).toEqual([]);
  });

  it('keeps the whole fleet in every worker\'s model', async () => {
    for (const w of workers) await until(() => [...w.model.rooms.values()].filter((r) => r.online).length === ROOMS, 'all rooms online in each worker');
  });

  it('routes a command\'s reply back to the worker that sent it', async () => {
    const { cred, client } = rooms[0] ?? { cred: undefined, client: undefined };
    if (cred === undefined || client === undefined) throw new Error('no room');
    await client.publishAsync(`${cred.root}/birth`, JSON.stringify(birthMsg(1, Date.now())), { qos: 1, retain: true });
    await client.subscribeAsync(`${cred.root}/cmd`, { qos: 1 });
    client.on('message', (_t, payload) => {
      const cmd = JSON.parse(payload.toString()) as CommandMessage;
      client.publish(`${cred.root}/reply`, JSON.stringify({ id: cmd.id, status: 'ok' }), { qos: 1 });
    });
    for (const w of workers) await until(() => w.model.get(cred.root)?.birth !== undefined, 'the birth in each worker');
    const app = workers[1]?.http;
    if (app === undefined) throw new Error('no worker');
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: adminPassword } });
    expect(login.statusCode).toBe(200);
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0] ?? '', 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
    const res = await app.inject({ method: 'POST', url: '/api/rooms/ke/uon/room-0/commands', headers, payload: { action: 'rebirth' } });
    expect(res.json()).toMatchObject({ status: 'ok', reply: { status: 'ok' } });
  });
});
