import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { LogRing } from '../../src/agent/logs.js';
import { ConfigError, parseConfig, type RoomConfig } from '../../src/core/config/index.js';
import { createLogger } from '../../src/core/logger.js';
import { hashPassword } from '../../src/core/passwords.js';
import type { OnvifSimulator } from '../../src/simulators/cameras/onvif/server.js';
import { PEARL_SIM_DEFAULTS, PearlSimulator } from '../../src/simulators/recorders/index.js';
import { startCamera } from '../drivers/cameras/onvif-helpers.js';
import { startAedes, tempDir, type AedesBroker } from '../helpers/index.js';
import { makeAgent, until } from './helpers.js';

/**
 * Issue 16, item 2: credentials inside URLs in the room config (a camera target, a recorder
 * target, the uplink URL) reach no API answer, no support bundle and no log line. Through the
 * real agent: its HTTP app (inject), a real ONVIF simulator, a real Pearl simulator refusing
 * the password, a real MQTT broker.
 */
const CAM_PW = 'Cam-Pw-7781x';
const MQTT_PW = 'Mqtt-Pw-99213q';
const PEARL_PW = 'Pearl-Pw-31415z';
const TECH_PW = 'url-secrets-technician-pw';
const SECRETS = [CAM_PW, MQTT_PW, PEARL_PW];

function expectNoSecret(what: string, text: string): void {
  for (const secret of SECRETS) expect(text, `${what} shows a password`).not.toContain(secret);
}

describe('passwords inside URLs in the room config', () => {
  let camera: OnvifSimulator;
  let pearl: PearlSimulator;
  let broker: AedesBroker;
  let agent: Agent;
  const ring = new LogRing(5000, undefined, 'debug');
  const env = { SC_CAM_PW: CAM_PW, SC_MQTT_PW: MQTT_PW, SC_PEARL_PW: PEARL_PW };

  beforeAll(async () => {
    camera = await startCamera({ password: CAM_PW });
    pearl = new PearlSimulator({ ...PEARL_SIM_DEFAULTS, host: '127.0.0.1', port: 0, password: 'the-real-one' });
    await pearl.start();
    broker = await startAedes();
    const cam = new URL(camera.url);
    const yaml = `schemaVersion: 1
room: { id: room-a, country: ke, site: s1 }
devices:
  - id: camera
    driver: onvif
    target: "http://admin:\${env:SC_CAM_PW}@127.0.0.1:${cam.port}${cam.pathname}"
    pollIntervalMs: 60000
    options: { events: false }
  - id: recorder
    driver: pearl
    target: "http://admin:\${env:SC_PEARL_PW}@127.0.0.1:${String(pearl.port)}"
    pollIntervalMs: 60000
scenes:
  start-class: { steps: [ { device: camera, action: preset.goto, args: { preset: P001 } } ] }
  end-class: { steps: [ { device: recorder, action: recorder.stop } ] }
uplink:
  url: "mqtt://room-a:\${env:SC_MQTT_PW}@127.0.0.1:${String(broker.port)}"
http:
  technicianPasswordHash: ${await hashPassword(TECH_PW)}
`;
    const config = parseConfig<RoomConfig>(yaml, 'room.yaml', { kind: 'room', env });
    agent = makeAgent(config, { log: createLogger({ level: 'debug', destination: ring }), logs: ring, dataDir: tempDir('sc-url-secrets-').path });
    await agent.start();
    await until(() => agent.devices.info('camera').state.status === 'online', 10_000, 'the camera online');
  }, 30_000);

  afterAll(async () => {
    await agent?.stop();
    await broker?.close();
    await pearl?.stop();
    await camera?.stop();
  });

  it('moves URL credentials into username and password at load: the device works, nothing downstream holds the URL password', () => {
    const devices = agent.devices.list();
    expect(agent.devices.info('camera').state.status).toBe('online');
    // The recorder was given the password and refused it: the credentials did reach the driver.
    expect(agent.devices.info('recorder').state.lastError?.code).toBe('SC_ERR_AUTH_FAILED');
    expect(pearl.requests.length).toBeGreaterThan(0);
    expectNoSecret('the device list', JSON.stringify(devices));
  });

  it('GET /api/health (no login) does not show the MQTT password', async () => {
    const res = await agent.app.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ uplink: { url: `mqtt://127.0.0.1:${String(broker.port)}` } });
    expectNoSecret('/api/health', res.body);
  });

  it('GET /api/technician/config, the support bundle and the technician logs show none of the passwords', async () => {
    const login = await agent.app.inject({ method: 'POST', url: '/api/technician/login', payload: { password: TECH_PW } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const config = await agent.app.inject({ url: '/api/technician/config', headers: { cookie } });
    expect(config.statusCode).toBe(200);
    expect(config.json()).toMatchObject({ uplink: { username: 'room-a', password: '[redacted]' }, devices: [{ username: 'admin', password: '[redacted]' }, { username: 'admin', password: '[redacted]' }] });
    expectNoSecret('/api/technician/config', config.body);

    const bundle = await agent.app.inject({ url: '/api/technician/support-bundle', headers: { cookie } });
    expect(bundle.statusCode).toBe(200);
    const tar = gunzipSync(bundle.rawPayload).toString('latin1');
    expect(tar).toContain('config.json');
    expect(tar).toContain('logs.jsonl');
    expectNoSecret('the support bundle', tar);

    const logs = await agent.app.inject({ url: '/api/technician/logs?limit=2000', headers: { cookie } });
    expect(logs.statusCode).toBe(200);
    expectNoSecret('the technician logs', logs.body);
    // The log ring saw the devices' lines (refused login included), and none with a password.
    expect(ring.recent(5000).length).toBeGreaterThan(5);
    expectNoSecret('the log lines', JSON.stringify(ring.recent(5000)));
  });

  it('a password written in a URL is a config error at its line, like any secret written in the file', () => {
    const text = `schemaVersion: 1
room: { id: r1, country: ke, site: s1 }
devices:
  - { id: camera, driver: onvif, target: "http://admin:hunter2@10.0.0.7/onvif/device_service" }
timetable:
  url: "https://feed:${'${env:SC_FEED_PW}'}@school.example/room.ics"
`;
    let err: unknown;
    try {
      parseConfig<RoomConfig>(text, 'room.yaml', { kind: 'room', env: { SC_FEED_PW: 'x' } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [4, 'devices[0].target'],
      [6, 'timetable.url'],
    ]);
    expect(problems[0]?.message).toMatch(/password written in the URL, expected \$\{env:NAME\}/);
    expect(String(err)).not.toContain('hunter2');
  });
});
