import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEvent } from '../../../src/drivers/capabilities.js';
import type { OnvifDriver } from '../../../src/drivers/cameras/onvif/driver.js';
import type { OnvifSimulator } from '../../../src/simulators/cameras/onvif/server.js';
import { cameraDriver, startCamera, until } from './onvif-helpers.js';

const running: { sims: OnvifSimulator[]; drivers: OnvifDriver[] } = { sims: [], drivers: [] };

async function setup(simOptions: Parameters<typeof startCamera>[0] = {}, driverOptions: Parameters<typeof cameraDriver>[1] = {}): Promise<[OnvifSimulator, OnvifDriver]> {
  const sim = await startCamera(simOptions);
  running.sims.push(sim);
  const driver = cameraDriver(sim, driverOptions);
  running.drivers.push(driver);
  await driver.start();
  return [sim, driver];
}

afterEach(async () => {
  for (const d of running.drivers.splice(0)) await d.stop();
  for (const s of running.sims.splice(0)) await s.stop();
});

const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.02;

describe('ONVIF driver against the simulator, per capture set', () => {
  const expected = {
    mockup: { manufacturer: 'Mockup Manufacturer', model: 'Mockup Model' },
    'hikvision-fixed': { manufacturer: 'HIKVISION', model: 'DS-2CD2012-I' },
    trendnet: { manufacturer: 'TRENDnet', model: 'TV-IP320PI' },
  } as const;

  for (const set of ['mockup', 'hikvision-fixed', 'trendnet'] as const) {
    it(`${set}: information, profiles, URIs, health with the camera's own clock`, async () => {
      const [sim, driver] = await setup({ set });
      expect(driver.state().status).toBe('online');
      const info = await driver.deviceInfo();
      expect(info.manufacturer).toContain(expected[set].manufacturer);
      expect(info.model).toContain(expected[set].model);
      const profiles = await driver.mediaProfiles();
      expect(profiles.length).toBeGreaterThan(0);
      expect(profiles[0]?.token).not.toBe('');
      expect(await driver.stream.streamUri()).toMatch(/^rtsp:\/\/127\.0\.0\.1[:/]/);
      expect(await driver.stream.snapshotUri()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const health = await driver.health.check();
      expect(health.reachable).toBe(true);
      // The captures' clocks are years behind ours: the skew says so, and WS-Security still works.
      const skew = sim.cameraNow().getTime() - Date.now();
      expect(Math.abs((health.clockSkewMs ?? 0) - skew)).toBeLessThan(5000);
      expect(health.clockSkewMs ?? 0).toBeLessThan(-365 * 24 * 3600_000);
    });
  }

  for (const set of ['hikvision-fixed', 'trendnet'] as const) {
    it(`${set}: a fixed camera has no PTZ, and says so with a coded error`, async () => {
      const [, driver] = await setup({ set });
      await expect(driver.ptz.status()).rejects.toMatchObject({ code: 'SC_ERR_DEVICE_UNSUPPORTED' });
      await expect(driver.presets.list()).rejects.toMatchObject({ code: 'SC_ERR_DEVICE_UNSUPPORTED' });
    });

    it(`${set} with a PTZ head (--set ptz=on): PTZ, presets round trip, status, events`, async () => {
      const [sim, driver] = await setup({ set, ptz: true, ptzSpeed: 4 }, { options: { events: true } });
      await driver.ptz.absoluteMove({ pan: 0.3, tilt: -0.2, zoom: 0.5 });
      await until(() => !sim.ptzPosition() || near(sim.ptzPosition().pan, 0.3), 'the head to settle');
      const saved = await driver.presets.save('board');
      expect((await driver.presets.list()).map((p) => p.name)).toContain('board');
      await driver.ptz.home();
      await driver.presets.goto('board');
      const status = await driver.ptz.status();
      expect(status.moving).toBe(false);
      expect(near(status.position.pan, 0.3) && near(status.position.tilt, -0.2) && near(status.position.zoom, 0.5)).toBe(true);
      await driver.presets.remove(saved.token);
      expect((await driver.presets.list()).map((p) => p.name)).not.toContain('board');
      const events: DeviceEvent[] = [];
      driver.events.on('event', (e) => void events.push(e));
      await until(() => sim.subscriptionCount === 1, 'the PullPoint subscription');
      sim.raise('motion');
      await until(() => events.some((e) => e.type === 'motion'), 'a motion event');
      expect(events.find((e) => e.type === 'motion')?.data).toMatchObject({ active: true, topic: 'tns1:VideoSource/MotionAlarm' });
    });
  }
});

describe('ONVIF driver: PTZ and presets on the mockup camera', () => {
  it('moves absolutely, relatively and continuously, stops, and goes home', async () => {
    const [sim, driver] = await setup({ ptzSpeed: 4 });
    await driver.ptz.absoluteMove({ pan: 0.5, tilt: 0.25, zoom: 0.4 });
    await until(() => near(sim.ptzPosition().pan, 0.5), 'absolute move');
    await driver.ptz.relativeMove({ pan: -0.2, tilt: 0, zoom: 0 });
    await until(() => near(sim.ptzPosition().pan, 0.3), 'relative move');
    await driver.ptz.continuousMove({ pan: 0.5, tilt: 0, zoom: 0 });
    expect((await driver.ptz.status()).moving).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    await driver.ptz.stop();
    const stopped = await driver.ptz.status();
    expect(stopped.moving).toBe(false);
    expect(stopped.position.pan).toBeGreaterThan(0.3);
    await driver.ptz.home();
    await until(() => near(sim.ptzPosition().pan, 0) && near(sim.ptzPosition().zoom, 0), 'home');
  });

  it('lists the 45 captured presets, and goto resolves only once the camera has arrived', async () => {
    const [sim, driver] = await setup({ ptzSpeed: 0.8 });
    const list = await driver.presets.list();
    expect(list.length).toBeGreaterThanOrEqual(45);
    const last = list[list.length - 1]?.name ?? '';
    await driver.presets.goto(last);
    const status = await driver.ptz.status();
    expect(status.moving).toBe(false);
    const at = sim.ptzPosition();
    expect(near(status.position.pan, at.pan) && Math.abs(at.pan) > 0.1).toBe(true);
    expect(driver.state().preset).toBe(last);
    // by token as well as by name
    const saved = await driver.presets.save('teacher desk');
    await driver.presets.goto('P001');
    expect(near(sim.ptzPosition().pan, at.pan)).toBe(false);
    await driver.presets.goto(saved.token);
    expect(near(sim.ptzPosition().pan, at.pan)).toBe(true);
    // saving the same name again updates that preset instead of adding a second one
    const again = await driver.presets.save('teacher desk');
    expect(again.token).toBe(saved.token);
    await expect(driver.presets.goto('nowhere')).rejects.toMatchObject({ code: 'SC_ERR_CAMERA_PRESET_UNKNOWN' });
  });

  it('escapes preset names the library would put into the XML as they are', async () => {
    const [, driver] = await setup();
    await driver.presets.save('Lab <A> & "B"');
    expect((await driver.presets.list()).map((p) => p.name)).toContain('Lab <A> & "B"');
  });
});

describe('ONVIF driver: failures become coded errors', () => {
  it('a wrong password gives SC_ERR_AUTH_FAILED naming the device', async () => {
    const [, driver] = await setup({}, { password: 'wrong' });
    expect(driver.state().status).toBe('offline');
    const err = await driver.deviceInfo().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SC_ERR_AUTH_FAILED' });
    expect(String(err)).toContain('cam-mockup');
  });

  it('recovers after a reboot that jumps the camera clock: re-measures, retries, re-subscribes', async () => {
    const [sim, driver] = await setup({}, { options: { events: true } });
    await until(() => sim.subscriptionCount === 1, 'the first subscription');
    sim.reboot();
    expect(sim.subscriptionCount).toBe(0);
    const info = await driver.deviceInfo();
    expect(info.model).toBe('Mockup Model');
    await until(() => sim.subscriptionCount === 1, 'a new subscription after the reboot');
    const events: DeviceEvent[] = [];
    driver.events.on('event', (e) => void events.push(e));
    sim.raise('tamper');
    await until(() => events.some((e) => e.type === 'tamper'), 'a tamper event after the reboot');
  });

  it('works where WS-Security is refused, by HTTP digest', async () => {
    const [, driver] = await setup({ auth: 'digest' });
    expect((await driver.deviceInfo()).model).toBe('Mockup Model');
    expect((await driver.presets.list()).length).toBeGreaterThan(0);
  });

  it('a SOAP fault is SC_ERR_ONVIF_FAULT and leaves the device online', async () => {
    const [, driver] = await setup();
    const err = await driver.ptz.absoluteMove({ pan: 5, tilt: 0, zoom: 0 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SC_ERR_ONVIF_FAULT' });
    expect(String(err)).toContain('InvalidPosition');
    expect(driver.state().status).toBe('online');
    expect(driver.state().lastError?.code).toBe('SC_ERR_ONVIF_FAULT');
  });

  it('a malformed reply is SC_ERR_DEVICE_REPLY_INVALID; the next good reply works', async () => {
    const [sim, driver] = await setup();
    sim.mode = 'malformed';
    await expect(driver.deviceInfo()).rejects.toMatchObject({ code: 'SC_ERR_DEVICE_REPLY_INVALID' });
    sim.mode = 'normal';
    expect((await driver.deviceInfo()).model).toBe('Mockup Model');
  });

  it('refuses an entity-expansion reply before parsing, without memory growth', async () => {
    const [sim, driver] = await setup();
    sim.mode = 'hostile';
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 20; i += 1) {
      await expect(driver.deviceInfo()).rejects.toMatchObject({ code: 'SC_ERR_ONVIF_XML_REFUSED' });
    }
    // Ten levels of ten-fold expansion would be gigabytes; allow ordinary garbage-collector noise.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('a silent camera times out with a message naming the command, and the device goes offline', async () => {
    const [sim, driver] = await setup({}, { timeoutMs: 400 });
    sim.mode = 'silent';
    const err = await driver.deviceInfo().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SC_ERR_HTTP_TIMEOUT', hint: expect.not.stringMatching(/null-modem/) });
    expect(String(err)).toContain('GetDeviceInformation');
    expect(driver.state().status).toBe('offline');
    sim.mode = 'normal';
    expect((await driver.deviceInfo()).model).toBe('Mockup Model');
    expect(driver.state().status).toBe('online');
  });

  it('a camera that is not there is SC_ERR_TCP_CONNECT', async () => {
    const sim = await startCamera();
    const driver = cameraDriver(sim);
    await sim.stop();
    await driver.start();
    expect(driver.state().status).toBe('offline');
    await expect(driver.deviceInfo()).rejects.toMatchObject({ code: 'SC_ERR_TCP_CONNECT' });
    await driver.stop();
  });
});
