import { afterEach, describe, expect, it } from 'vitest';
import type { OnvifDriver } from '../../../src/drivers/cameras/onvif/driver.js';
import { CaptureCamera, capture, type CaptureVendor } from './capture-camera.js';
import { driverFor } from './capture-helpers.js';

const running: { cams: CaptureCamera[]; drivers: OnvifDriver[] } = { cams: [], drivers: [] };
afterEach(async () => {
  for (const d of running.drivers.splice(0)) await d.stop();
  for (const c of running.cams.splice(0)) await c.stop();
});

async function setup(vendor: CaptureVendor, arrivalTimeoutMs = 3000): Promise<[CaptureCamera, OnvifDriver]> {
  const cam = await new CaptureCamera(vendor).start();
  running.cams.push(cam);
  const driver = driverFor(cam.url, { arrivalTimeoutMs });
  running.drivers.push(driver);
  await driver.start();
  return [cam, driver];
}

/** The vendor's captured GetStatus with its MoveStatus words (and Error text) replaced: a state the capture does not show. */
function statusWith(vendor: CaptureVendor, move: string, error?: string): string {
  let xml = capture(vendor, 'ptz', 'GetStatus', 'Response') ?? '';
  xml = xml.replace(/(<tt:PanTilt>)IDLE(<\/tt:PanTilt>)/, `$1${move}$2`).replace(/(<tt:Zoom>)IDLE(<\/tt:Zoom>)/, `$1${move}$2`);
  if (error !== undefined) xml = xml.replace('</tt:MoveStatus>', `</tt:MoveStatus><tt:Error>${error}</tt:Error>`);
  return xml;
}

describe('ONVIF preset recall settles on the camera\'s own move status (captures of real cameras)', () => {
  it('pelco: IDLE at a position other than the stored one (as captured) arrives, with a warning in state', async () => {
    const [cam, driver] = await setup('pelco', 20_000);
    const before = cam.sent('GetStatus').length;
    await driver.presets.goto("Shane's Room");
    expect(driver.state().preset).toBe("Shane's Room");
    expect(driver.state().warning).toMatchObject({ code: 'SC_ERR_CAMERA_PRESET_OFF_POSITION' });
    expect(driver.state().warning?.message).toMatch(/cam-1 stopped at pan -0\.390, tilt 0\.810, zoom 0\.000, not at the stored position of preset "Shane's Room" \(pan -0\.260, tilt 0\.800/);
    // Idle for two polls: not thirty seconds of waiting for a position that never comes.
    expect(cam.sent('GetStatus').length - before).toBe(2);
    expect(driver.state().status).toBe('online');
  });

  it('axis: MOVING, then IDLE, arrives at the first idle poll after moving', async () => {
    const cam = await new CaptureCamera('axis').start();
    running.cams.push(cam);
    const replies = [statusWith('axis', 'MOVING'), statusWith('axis', 'MOVING'), statusWith('axis', 'IDLE')];
    let polls = 0;
    cam.script.set('GetStatus', () => ({ status: 200, xml: replies[Math.min(polls++, replies.length - 1)] ?? '' }));
    const driver = driverFor(cam.url, { arrivalTimeoutMs: 20_000 });
    running.drivers.push(driver);
    await driver.start();
    polls = 0;
    await driver.presets.goto('Window');
    expect(polls).toBe(3);
    expect(driver.state().preset).toBe('Window');
  });

  it('hikvision (no MoveStatus, "NO error"): the same position twice is arrival', async () => {
    const [cam, driver] = await setup('hikvision', 20_000);
    await driver.presets.goto('West');
    expect(driver.state().preset).toBe('West');
    expect(cam.sent('GetStatus').length).toBeGreaterThanOrEqual(2);
  });

  it('fails when the camera reports a PTZ error, and when it refuses the preset', async () => {
    const cam = await new CaptureCamera('axis').start();
    running.cams.push(cam);
    cam.script.set('GetStatus', () => ({ status: 200, xml: statusWith('axis', 'IDLE', 'Mechanical stop reached') }));
    const driver = driverFor(cam.url, { arrivalTimeoutMs: 20_000 });
    running.drivers.push(driver);
    await driver.start();
    await expect(driver.presets.goto('Kitchen')).rejects.toMatchObject({ code: 'SC_ERR_CAMERA_PTZ_ERROR', message: 'cam-1: the camera reports a PTZ error while going to preset "Kitchen": Mechanical stop reached' });
    // The camera's own fault reply to GotoPreset (the Axis fault envelope of the captures).
    cam.script.set('GotoPreset', () => ({ status: 400, xml: capture('axis', 'events', 'PullMessages', 'Error') ?? '' }));
    await expect(driver.presets.goto('Kitchen')).rejects.toMatchObject({ code: 'SC_ERR_ONVIF_FAULT' });
  });

  it('a camera that keeps MOVING times out naming the move status', async () => {
    const cam = await new CaptureCamera('axis').start();
    running.cams.push(cam);
    cam.script.set('GetStatus', () => ({ status: 200, xml: statusWith('axis', 'MOVING') }));
    const driver = driverFor(cam.url, { arrivalTimeoutMs: 300 });
    running.drivers.push(driver);
    await driver.start();
    await expect(driver.presets.goto('Kitchen')).rejects.toMatchObject({ code: 'SC_ERR_CAMERA_NOT_ARRIVED', message: expect.stringMatching(/PTZ status still MOVING\/MOVING/) });
  });
});
