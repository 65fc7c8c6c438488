import { afterEach, describe, expect, it } from 'vitest';
import type { OnvifDriver } from '../../../src/drivers/cameras/onvif/driver.js';
import { driverFor } from './capture-helpers.js';
import { Media2Camera } from './media2-camera.js';

const MEDIA1 = 'http://www.onvif.org/ver10/media/wsdl';
const MEDIA2 = 'http://www.onvif.org/ver20/media/wsdl';

describe('a Media2-only (Profile T) camera, independent responder', () => {
  let cam: Media2Camera | undefined;
  let driver: OnvifDriver | undefined;
  afterEach(async () => {
    await driver?.stop();
    await cam?.stop();
  });

  it('gives profiles (encoder, size, PTZ) and stream and snapshot URIs through Media2, never asking Media (ver10)', async () => {
    cam = await new Media2Camera().start();
    driver = driverFor(cam.url);
    await driver.start();
    expect(driver.state()).toMatchObject({ status: 'online', model: 'T-1', firmware: '2.0' });
    expect(await driver.mediaProfiles()).toEqual([
      { token: 'main', name: 'Main stream', encoding: 'H265', width: 1920, height: 1080, ptz: true },
      { token: 'sub', name: 'Sub stream', encoding: 'H265', width: 640, height: 360, ptz: false },
    ]);
    expect(await driver.stream.streamUri()).toBe('rtsp://127.0.0.1:554/main');
    expect(await driver.stream.snapshotUri('sub')).toBe(`http://127.0.0.1:${String(cam.port)}/snapshot/main.jpg`);
    // The PTZ profile is found through Media2's Configurations/PTZ.
    expect((await driver.ptz.status()).position).toEqual({ pan: 0.1, tilt: 0.2, zoom: 0.3 });
    const media = cam.ops.filter((o) => o.ns === MEDIA1 || o.ns === MEDIA2);
    expect(media.every((o) => o.ns === MEDIA2)).toBe(true);
    expect(media.map((o) => o.op)).toEqual(expect.arrayContaining(['GetProfiles', 'GetStreamUri', 'GetSnapshotUri']));
  });
});
