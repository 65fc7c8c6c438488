import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { allowedSnapshotUrl } from '../../src/drivers/cameras/onvif/snapshot.js';
import { answerChallenge } from '../../src/transports/http/index.js';
import { ScError } from '../../src/core/errors/index.js';
import { parseConfig, type RoomConfig } from '../../src/core/config/index.js';
import { snapshotJpeg } from '../../src/simulators/cameras/onvif/snapshot-jpeg.js';
import type { OnvifSimulator } from '../../src/simulators/cameras/onvif/server.js';
import { cameraDriver, quiet, startCamera, until } from '../drivers/cameras/onvif-helpers.js';

const jpegJs = createRequire(import.meta.url)('jpeg-js') as { decode(b: Buffer, o: { useTArray: true }): { width: number; height: number; data: Uint8Array } };

describe('the simulated camera snapshot', () => {
  it('is a real JPEG that changes with the head position', () => {
    const a = snapshotJpeg();
    const b = snapshotJpeg({ pan: 0.5, tilt: -0.2, zoom: 0.4 });
    expect([...a.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const image = jpegJs.decode(a, { useTArray: true });
    expect([image.width, image.height]).toEqual([64, 48]);
    expect(a.equals(b)).toBe(false);
  });

  it('is served on the simulator, behind HTTP digest, and the driver fetches it from the URI GetSnapshotUri names', async () => {
    const sim = await startCamera({ auth: 'digest' });
    const driver = cameraDriver(sim, { options: { auth: 'digest' } });
    const wrong = cameraDriver(sim, { options: { auth: 'digest' }, password: 'wrong' });
    try {
      const url = new URL(await driver.stream.snapshotUri());
      expect(url.href).toBe(sim.url.replace('/onvif/device_service', '/snapshot.jpg'));
      expect((await fetch(url)).status).toBe(401);
      const jpeg = await driver.stream.snapshot();
      expect(jpegJs.decode(jpeg, { useTArray: true }).width).toBe(64);
      await expect(wrong.stream.snapshot()).rejects.toMatchObject({ code: 'SC_ERR_CAMERA_SNAPSHOT_FAILED', message: expect.stringMatching(/refused the credentials/) });
    } finally {
      await driver.stop();
      await wrong.stop();
      await sim.stop();
    }
  });
});

describe('only the camera itself is asked for a snapshot', () => {
  it('refuses URIs naming another host or scheme', () => {
    expect(allowedSnapshotUrl('cam', 'http://127.0.0.1:8080/snap.jpg', '127.0.0.1').port).toBe('8080');
    for (const uri of ['http://192.168.68.111/onvif-cgi/jpg/image.cgi', 'http://127.0.0.1.evil.example/x', 'file:///etc/passwd', 'ftp://127.0.0.1/x', 'not a uri']) {
      expect(() => allowedSnapshotUrl('cam', uri, '127.0.0.1')).toThrow(ScError);
    }
  });

  it('answers basic and digest challenges, digest first', () => {
    const creds = { username: 'u', password: 'p' };
    expect(answerChallenge(['Basic realm="x"'], creds, { method: 'GET', path: '/s' })).toEqual({ authorization: `Basic ${Buffer.from('u:p').toString('base64')}` });
    expect(answerChallenge(['Digest realm="r", nonce="n", qop="auth"'], creds, { method: 'GET', path: '/s' })).toMatchObject({ authorization: expect.stringMatching(/^Digest username="u", realm="r", nonce="n", uri="\/s".*qop=auth/) });
    expect(answerChallenge(['Basic realm="x", Digest realm="r", nonce="n", algorithm=SHA-256'], creds, { method: 'GET', path: '/s' })).toMatchObject({ authorization: expect.stringMatching(/^Digest .*algorithm=SHA-256/) });
    expect(answerChallenge(['Digest realm="r", nonce="n", algorithm=SHA-512-256'], creds, { method: 'GET', path: '/s' })).toMatchObject({ refused: expect.stringMatching(/unsupported/) });
  });
});

describe('GET /api/devices/:id/snapshot', () => {
  let sim: OnvifSimulator;
  let agent: Agent;

  beforeAll(async () => {
    sim = await startCamera();
    const yaml = `schemaVersion: 1
room: { id: r1, country: ke, site: s1 }
devices:
  - { id: camera, driver: onvif, target: "${sim.url}", username: ${sim.username}, password: "\${env:CAM_PASSWORD}", pollIntervalMs: 60000, timeoutMs: 2000, options: { events: false, arrivalPollMs: 40 } }
  - { id: panel, driver: samsung-mdc, target: "tcp://127.0.0.1:9", pollIntervalMs: 60000, timeoutMs: 300, options: { id: 1 } }
scenes:
  start-class: { steps: [ { device: camera, action: preset.goto, args: { preset: P001 } } ] }
  end-class: { steps: [ { device: panel, action: power.off } ] }
`;
    agent = new Agent({ config: parseConfig<RoomConfig>(yaml, 'room.yaml', { kind: 'room', env: { CAM_PASSWORD: sim.password } }), log: quiet, version: 'test', serve: false, dataDir: '/nonexistent-sc-test' });
    await agent.start();
  }, 30_000);

  afterAll(async () => {
    await agent?.stop();
    await sim?.stop();
  });

  it('gives the camera picture without a login, cached for a few seconds', async () => {
    const res = await agent.app.inject({ url: '/api/devices/camera/snapshot' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(jpegJs.decode(res.rawPayload, { useTArray: true }).height).toBe(48);
    sim.mode = 'silent';
    try {
      const again = await agent.app.inject({ url: '/api/devices/camera/snapshot' });
      expect(again.statusCode).toBe(200);
      expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
    } finally {
      sim.mode = 'normal';
    }
  });

  it('takes a new picture once the camera has reached another position', async () => {
    const before = await agent.app.inject({ url: '/api/devices/camera/snapshot' });
    const presets = agent.devices.driver('camera').presets;
    expect(presets).toBeDefined();
    await presets?.goto('P004');
    await until(() => agent.devices.info('camera').state.preset === 'P004', 'the camera at P004');
    const after = await agent.app.inject({ url: '/api/devices/camera/snapshot' });
    expect(after.statusCode).toBe(200);
    expect(after.rawPayload.equals(before.rawPayload)).toBe(false);
  });

  it('says 404 with a code for a device without pictures or an unknown one', async () => {
    const none = await agent.app.inject({ url: '/api/devices/panel/snapshot' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ error: { code: 'SC_ERR_CAMERA_NO_SNAPSHOT' } });
    expect((await agent.app.inject({ url: '/api/devices/nothing/snapshot' })).statusCode).toBe(404);
  });
});
