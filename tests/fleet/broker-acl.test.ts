import { connect as netConnect } from 'node:net';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRoomPassword } from '../../src/fleet/auth/room-credentials.js';
import { RoomDirectory } from '../../src/fleet/auth/room-directory.js';
import { EmbeddedBroker } from '../../src/fleet/broker/embedded-broker.js';
import { FleetMetrics } from '../../src/fleet/metrics.js';
import { Provisioning, type IssuedCredential } from '../../src/fleet/provisioning.js';
import { SqliteStore } from '../../src/fleet/store/sqlite/sqlite-store.js';
import { tempDir, type TempDir } from '../helpers/index.js';
import { connectMqtt, selfSignedCert, silentLog, subscribeGranted, until, waitClosed } from './helpers.js';

const A = 'sc/v1/ke/uon/room-a';
const B = 'sc/v1/ke/uon/room-b';

describe('embedded broker: per-room credentials and the contract ACL', () => {
  let dir: TempDir;
  let store: SqliteStore;
  let broker: EmbeddedBroker;
  let provisioning: Provisioning;
  let metrics: FleetMetrics;
  let credA: IssuedCredential;
  let credB: IssuedCredential;
  let url: string;
  const seen: { topic: string; payload: string }[] = [];
  const clients: MqttClient[] = [];

  const room = async (cred: IssuedCredential, extra: Parameters<typeof connectMqtt>[1] = {}): Promise<MqttClient> => {
    const c = await connectMqtt(url, { username: cred.username, password: cred.password, clientId: `${cred.username}-${clients.length}`, ...extra });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = tempDir('sc-fleet-acl-');
    store = new SqliteStore(`${dir.path}/fleet.db`);
    await store.start();
    metrics = new FleetMetrics();
    const directory = new RoomDirectory();
    const tls = selfSignedCert(dir.path);
    broker = new EmbeddedBroker({
      listeners: [
        { transport: 'mqtt', host: '127.0.0.1', port: 0 },
        { transport: 'mqtts', host: '127.0.0.1', port: 0, tls: { cert: tls.cert, key: tls.key } },
        { transport: 'ws', host: '127.0.0.1', port: 0 },
      ],
      directory,
      observer: { username: 'monitor', hash: await hashRoomPassword('monitor-password') },
      maxMessageBytes: 4096,
      maxMessagesPerSecond: 20,
      log: silentLog,
      metrics,
    });
    broker.setHandler((topic, payload) => seen.push({ topic, payload: payload.toString() }));
    await broker.start();
    url = `mqtt://127.0.0.1:${broker.ports().mqtt}`;
    provisioning = new Provisioning({ store, directory, bus: broker, brokerUrl: url });
    await provisioning.addSite('ke', 'uon', 'University of Nairobi');
    credA = (await provisioning.addRoom({ country: 'ke', site: 'uon', room: 'room-a' })).credential;
    credB = (await provisioning.addRoom({ country: 'ke', site: 'uon', room: 'room-b' })).credential;
  });

  afterAll(async () => {
    for (const c of clients) c.end(true);
    await broker.stop();
    await store.stop();
    dir.remove();
  });

  it('stores only hashes and prints the uplink config without the password', async () => {
    const creds = await store.rooms.listCredentials();
    expect(creds.map((c) => c.username)).toEqual(['ke.uon.room-a', 'ke.uon.room-b']);
    for (const c of creds) {
      expect(c.hash).toMatch(/^\$7\$\d+\$/);
      expect(c.hash).not.toContain(credA.password);
    }
    expect(credA.password.length).toBeGreaterThanOrEqual(40);
    expect(credA.uplinkYaml).toContain('username: ke.uon.room-a');
    expect(credA.uplinkYaml).not.toContain(credA.password);
  });

  it('refuses anonymous clients, wrong passwords and another room\'s password', async () => {
    await expect(connectMqtt(url)).rejects.toThrow(/Not authorized/i);
    await expect(connectMqtt(url, { username: credA.username, password: 'wrong' })).rejects.toThrow(/Bad username or password/i);
    await expect(connectMqtt(url, { username: credA.username, password: credB.password })).rejects.toThrow(/Bad username or password/i);
    expect(metrics.value('sc_fleet_mqtt_refused_total', { reason: 'anonymous' })).toBe(1);
  });

  it('lets a room publish under its own root and the fleet receive it', async () => {
    const a = await room(credA);
    await a.publishAsync(`${A}/status`, JSON.stringify({ online: true, bdSeq: 1, ts: Date.now() }), { qos: 1, retain: true });
    await a.publishAsync(`${A}/state/panel`, '{"status":"online"}', { qos: 1, retain: true });
    await until(() => seen.some((m) => m.topic === `${A}/state/panel`), 'the state message');
    expect(a.connected).toBe(true);
  });

  it('disconnects a room that publishes to another room, and still passes on its will', async () => {
    const will = JSON.stringify({ online: false, bdSeq: 7, ts: 1 });
    const a = await room(credA, { will: { topic: `${A}/status`, payload: Buffer.from(will), qos: 1, retain: true } });
    a.publish(`${B}/event`, '{"forged":true}', { qos: 1 });
    expect(await waitClosed(a)).toBe(true);
    expect(seen.some((m) => m.topic === `${B}/event`)).toBe(false);
    await until(() => seen.some((m) => m.topic === `${A}/status` && m.payload === will), 'the will of the disconnected room');
  });

  it('passes on the will of a room whose connection drops', async () => {
    const will = JSON.stringify({ online: false, bdSeq: 8, ts: 1 });
    const a = await room(credA, { will: { topic: `${A}/status`, payload: Buffer.from(will), qos: 1, retain: true } });
    a.stream.destroy();
    await until(() => seen.some((m) => m.payload === will), 'the will');
  });

  it('disconnects a room that publishes a command, even to itself', async () => {
    const a = await room(credA);
    a.publish(`${A}/cmd`, '{"action":"rebirth"}', { qos: 1 });
    expect(await waitClosed(a)).toBe(true);
    expect(seen.some((m) => m.topic === `${A}/cmd`)).toBe(false);
  });

  it('refuses subscriptions to #, to another room and to its own telemetry; grants its own cmd and the fleet status', async () => {
    const a = await room(credA);
    expect(await subscribeGranted(a, '#')).toBe(128);
    expect(await subscribeGranted(a, 'sc/v1/#')).toBe(128);
    expect(await subscribeGranted(a, `${B}/cmd`)).toBe(128);
    expect(await subscribeGranted(a, 'sc/v1/ke/uon/+/cmd')).toBe(128);
    expect(await subscribeGranted(a, `${A}/status`)).toBe(128);
    expect(await subscribeGranted(a, `$share/x/${B}/cmd`)).toBe(128);
    expect(await subscribeGranted(a, `${A}/cmd`)).toBe(1);
    expect(await subscribeGranted(a, 'sc/v1/fleet/status')).toBe(1);
    const got: string[] = [];
    a.on('message', (topic) => got.push(topic));
    await broker.publish(`${B}/cmd`, '{"id":"for-b"}', { qos: 1, retain: false });
    await broker.publish(`${A}/cmd`, '{"id":"for-a"}', { qos: 1, retain: false });
    await until(() => got.includes(`${A}/cmd`), 'the command for A');
    expect(got).toEqual([`${A}/cmd`]);
  });

  it('lets the observer account read every room and publish nothing', async () => {
    const o = await connectMqtt(url, { username: 'monitor', password: 'monitor-password' });
    clients.push(o);
    expect(await subscribeGranted(o, '#')).toBe(128);
    expect(await subscribeGranted(o, '$SYS/#')).toBe(128);
    expect(await subscribeGranted(o, 'sc/v1/#')).toBe(1);
    const got: string[] = [];
    o.on('message', (topic) => got.push(topic));
    const b = await room(credB);
    await b.publishAsync(`${B}/event`, '{"to":"observer"}', { qos: 1 });
    await until(() => got.includes(`${B}/event`), 'the event at the observer');
    await expect(connectMqtt(url, { username: 'monitor', password: 'wrong' })).rejects.toThrow(/Bad username or password/i);
    o.publish(`${B}/cmd`, '{"forged":"by-observer"}', { qos: 1 });
    expect(await waitClosed(o)).toBe(true);
    expect(seen.some((m) => m.payload.includes('by-observer'))).toBe(false);
  });

  it('keeps a client id with the room that holds it', async () => {
    const b = await room(credB, { clientId: 'shared-id' });
    await expect(connectMqtt(url, { username: credA.username, password: credA.password, clientId: 'shared-id' })).rejects.toThrow(/Identifier rejected/i);
    expect(b.connected).toBe(true);
  });

  it('disconnects a room that sends a message over the size limit', async () => {
    const a = await room(credA);
    a.publish(`${A}/event`, 'x'.repeat(4097), { qos: 0 });
    expect(await waitClosed(a)).toBe(true);
  });

  it('closes a connection that announces an oversize packet before it is even authenticated', async () => {
    const socket = netConnect(broker.ports().mqtt ?? 0, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    // CONNECT fixed header announcing 200 MB (never sent)
    socket.write(Buffer.from([0x10, 0x80, 0x80, 0x80, 0x60]));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    expect(socket.destroyed).toBe(true);
  });

  it('throttles a room over its message rate and disconnects it when it keeps going', async () => {
    const a = await room(credA);
    for (let i = 0; i < 400; i++) a.publish(`${A}/health`, '{}', { qos: 0 });
    expect(await waitClosed(a, 15_000)).toBe(true);
    expect(metrics.value('sc_fleet_mqtt_throttled_total')).toBeGreaterThan(0);
  });

  it('serves the same rules over TLS and WebSocket', async () => {
    const tlsClient = await connectMqtt(`mqtts://127.0.0.1:${broker.ports().mqtts}`, { username: credB.username, password: credB.password, rejectUnauthorized: false });
    clients.push(tlsClient);
    const wsClient = await connectMqtt(`ws://127.0.0.1:${broker.ports().ws}`, { username: credA.username, password: credA.password });
    clients.push(wsClient);
    await expect(connectMqtt(`ws://127.0.0.1:${broker.ports().ws}`)).rejects.toThrow(/Not authorized/i);
    await tlsClient.publishAsync(`${B}/event`, '{"over":"tls"}', { qos: 1 });
    await wsClient.publishAsync(`${A}/event`, '{"over":"ws"}', { qos: 1 });
    await until(() => seen.some((m) => m.payload === '{"over":"tls"}') && seen.some((m) => m.payload === '{"over":"ws"}'), 'TLS and WS messages');
    expect(await subscribeGranted(wsClient, `${B}/cmd`)).toBe(128);
  });

  it('rotation closes the live connection and retires the old password; revocation refuses the room', async () => {
    const b = await room(credB);
    const rotated = await provisioning.rotate(B);
    expect(await waitClosed(b)).toBe(true);
    await expect(connectMqtt(url, { username: credB.username, password: credB.password })).rejects.toThrow(/Bad username or password/i);
    const b2 = await room(rotated);
    expect(b2.connected).toBe(true);
    const { disconnected } = await provisioning.revoke(B);
    expect(disconnected).toBeGreaterThanOrEqual(1);
    expect(await waitClosed(b2)).toBe(true);
    await expect(connectMqtt(url, { username: rotated.username, password: rotated.password })).rejects.toThrow(/Bad username or password/i);
  });
});
