import { createHash, randomBytes } from 'node:crypto';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverOnvif } from '../../../src/discovery/onvif.js';
import { DiscoveryResponder } from '../../../src/simulators/cameras/onvif/discovery.js';
import { defaultFixturesDir } from '../../../src/simulators/cameras/onvif/fixtures.js';
import { OnvifSimulator, type OnvifSimulatorOptions } from '../../../src/simulators/cameras/onvif/server.js';
import { runCliInProcess, tempDir } from '../../helpers/index.js';

const quiet = pino({ level: 'silent' });
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

async function camera(options: Partial<OnvifSimulatorOptions> = {}): Promise<OnvifSimulator> {
  const sim = new OnvifSimulator({ host: '127.0.0.1', port: 0, log: quiet, maxHoldMs: 500, ...options });
  await sim.start();
  stops.push(() => sim.stop());
  return sim;
}

function wsSecurity(user: string, password: string, created: string): string {
  const nonce = randomBytes(16);
  const digest = createHash('sha1').update(Buffer.concat([nonce, Buffer.from(created), Buffer.from(password)])).digest('base64');
  return (
    '<Security xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"><UsernameToken>' +
    `<Username>${user}</Username><Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">${digest}</Password>` +
    `<Nonce>${nonce.toString('base64')}</Nonce><Created xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">${created}</Created></UsernameToken></Security>`
  );
}

async function soap(sim: OnvifSimulator, op: string, ns: string, header = '', inner = ''): Promise<{ status: number; body: string; auth: string | null }> {
  const body = `<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header>${header}</s:Header><s:Body><${op} xmlns="${ns}">${inner}</${op}></s:Body></s:Envelope>`;
  const res = await fetch(sim.url, { method: 'POST', body, headers: { 'Content-Type': 'application/soap+xml' } });
  return { status: res.status, body: await res.text(), auth: res.headers.get('www-authenticate') };
}

const DEVICE = 'http://www.onvif.org/ver10/device/wsdl';
const PTZ = 'http://www.onvif.org/ver20/ptz/wsdl';

describe('ONVIF camera simulator (raw SOAP)', () => {
  it('answers GetSystemDateAndTime without credentials, with the capture clock (2014 for the mockup)', async () => {
    const sim = await camera();
    const r = await soap(sim, 'GetSystemDateAndTime', DEVICE);
    expect(r.status).toBe(200);
    expect(r.body).toMatch(/<tt:Year>2014<\/tt:Year>/);
    expect(r.body).toContain('SOAP-ENV:Envelope');
  });

  it('verifies WS-UsernameToken digests against the camera clock', async () => {
    const sim = await camera();
    const none = await soap(sim, 'GetDeviceInformation', DEVICE);
    expect(none.status).toBe(401);
    expect(none.auth).toMatch(/^Digest /);
    const good = await soap(sim, 'GetDeviceInformation', DEVICE, wsSecurity('admin', 'classroom', sim.cameraNow().toISOString()));
    expect(good.status).toBe(200);
    expect(good.body).toContain('Mockup Model');
    const wrong = await soap(sim, 'GetDeviceInformation', DEVICE, wsSecurity('admin', 'nope', sim.cameraNow().toISOString()));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('ter:NotAuthorized');
    // Our own clock is years away from the camera's: a correct password with our time is refused.
    const stale = await soap(sim, 'GetDeviceInformation', DEVICE, wsSecurity('admin', 'classroom', new Date().toISOString()));
    expect(stale.status).toBe(400);
    expect(stale.body).toContain('ter:NotAuthorized');
  });

  it('moves the PTZ head over time (MOVING, then IDLE at the target)', async () => {
    const sim = await camera({ auth: 'none', ptzSpeed: 2 });
    await soap(sim, 'AbsoluteMove', PTZ, '', '<ProfileToken>main</ProfileToken><Position><PanTilt x="1" y="0" xmlns="http://www.onvif.org/ver10/schema"/></Position>');
    const moving = await soap(sim, 'GetStatus', PTZ, '', '<ProfileToken>main</ProfileToken>');
    expect(moving.body).toContain('<tt:PanTilt>MOVING</tt:PanTilt>');
    await new Promise((r) => setTimeout(r, 700));
    const idle = await soap(sim, 'GetStatus', PTZ, '', '<ProfileToken>main</ProfileToken>');
    expect(idle.body).toContain('<tt:PanTilt>IDLE</tt:PanTilt>');
    expect(idle.body).toMatch(/x="1\.000000"/);
  });

  it('answers unsupported operations with the vendor\'s fault, in the vendor\'s envelope', async () => {
    const hik = await camera({ set: 'hikvision-fixed', auth: 'none' });
    const ptz = await soap(hik, 'GetStatus', PTZ, '', '<ProfileToken>Profile_1</ProfileToken>');
    expect(ptz.status).toBe(500);
    expect(ptz.body).toContain('<env:Fault');
    expect(ptz.body).toContain('ter:ActionNotSupported');
    const captured = await soap(hik, 'GetDot11Capabilities', DEVICE);
    expect(captured.body).toContain('IEEE802.11Configuration is not support');
  });

  it('refuses a request carrying a DTD', async () => {
    const sim = await camera({ auth: 'none' });
    const res = await fetch(sim.url, { method: 'POST', body: '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body></s:Envelope>' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('DTD');
  });

  it('reads captures from another folder with --set fixtures=DIR', async () => {
    const dir = tempDir('sc-fixtures-').path;
    cpSync(join(defaultFixturesDir(), 'mockup'), join(dir, 'mockup'), { recursive: true });
    const sim = await camera({ fixturesDir: dir });
    expect((await soap(sim, 'GetSystemDateAndTime', DEVICE)).status).toBe(200);
    await expect(camera({ fixturesDir: join(dir, 'nothing-here') })).rejects.toMatchObject({ code: 'SC_ERR_SIMULATOR_FIXTURES' });
  });

  it('has an HTTP control page for the switches', async () => {
    const sim = await camera();
    const base = sim.url.replace('/onvif/device_service', '');
    const before = sim.cameraNow().getTime();
    expect(await (await fetch(`${base}/simulator/reboot`, { method: 'POST' })).json()).toMatchObject({ rebooted: true });
    expect(sim.cameraNow().getTime() - before).toBeGreaterThan(24 * 3600_000);
    await fetch(`${base}/simulator/mode/malformed`, { method: 'POST' });
    expect(sim.mode).toBe('malformed');
  });
});

describe('WS-Discovery', () => {
  it('probes a responder on 127.0.0.1 by unicast, de-duplicates the repeated answers, and checks credentials', async () => {
    const sim = await camera();
    const responder = new DiscoveryResponder({ host: '127.0.0.1', port: 0, xaddrs: () => [sim.url], log: quiet });
    const port = await responder.start();
    stops.push(() => responder.stop());
    const result = await discoverOnvif({ log: quiet, timeoutMs: 600, address: '127.0.0.1', port });
    expect(responder.probes).toBe(3);
    expect(result.devices).toHaveLength(1);
    expect(result.devices[0]).toMatchObject({ kind: 'onvif', target: sim.url, drivers: ['onvif'], details: { model: 'HD_PREDATOR', credentials: 'required', ptz: true } });
  });

  it('says why nothing was found', async () => {
    const result = await discoverOnvif({ log: quiet, timeoutMs: 200, address: '127.0.0.1', port: 9 });
    expect(result.devices).toEqual([]);
    expect(result.notes[0]).toContain('127.0.0.1:9');
  });
});

describe('classroom ctl onvif against the simulator', () => {
  it('runs every action with --json', async () => {
    const sim = await camera({ ptzSpeed: 4 });
    const target = `http://admin:classroom@127.0.0.1:${new URL(sim.url).port}/onvif/device_service`;
    const ctl = async (...args: string[]): Promise<unknown> => {
      const r = await runCliInProcess(['ctl', 'onvif', target, ...args, '--json', '--set', 'arrivalPollMs=40', '--set', 'pullSeconds=1']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    expect(await ctl('info')).toMatchObject({ model: 'Mockup Model' });
    expect(await ctl('profiles')).toMatchObject([{ token: 'main', ptz: true }]);
    expect(await ctl('stream-uri')).toMatchObject({ uri: expect.stringMatching(/^rtsp:\/\/127\.0\.0\.1/) });
    expect(await ctl('snapshot-uri')).toMatchObject({ uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1/) });
    expect(await ctl('move', '0.5', '0.1', '0.2')).toEqual({ ok: true });
    for (let i = 0; i < 100 && Math.abs(sim.ptzPosition().pan - 0.5) > 0.001; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(await ctl('preset.save', 'lectern')).toMatchObject({ name: 'lectern' });
    expect(await ctl('stop')).toEqual({ ok: true });
    expect(await ctl('preset.goto', 'P001')).toMatchObject({ arrived: 'P001' });
    expect(await ctl('preset.goto', 'lectern')).toMatchObject({ arrived: 'lectern', position: { pan: 0.5 } });
    expect(((await ctl('presets')) as unknown[]).length).toBeGreaterThan(45);
    expect(await ctl('status')).toMatchObject({ status: 'online', ptz: { moving: false } });
    setTimeout(() => sim.raise('motion'), 700);
    const watched = (await ctl('events', '--seconds', '2')) as { events: { type: string }[] };
    expect(watched.events.map((e) => e.type)).toContain('motion');
    const bad = await runCliInProcess(['ctl', 'onvif', target.replace('classroom@', 'wrong@'), 'info']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('SC_ERR_AUTH_FAILED');
    expect(bad.stderr).not.toContain('wrong@');
  });
});
