import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PanelDriver } from '../../../src/drivers/displays/index.js';
import { findDriver } from '../../../src/drivers/registry.js';
import { parseTarget } from '../../../src/transports/index.js';
import { loadProfile } from '../../../src/drivers/displays/profiles.js';
import { until } from './suite.js';
import { LgPartner, MaxhubPartner, MdcPartner, NewlinePartner, SicpPartner } from './byte-partners.js';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function driverFor(name: string, partner: MdcPartner | SicpPartner | LgPartner | NewlinePartner): Promise<PanelDriver> {
  await partner.start();
  cleanups.push(() => partner.stop());
  const d = findDriver(name).create({ id: 'front-panel', target: parseTarget(partner.target), options: { id: 1 }, log, pollIntervalMs: 3_600_000, timeoutMs: 500 });
  if (!(d instanceof PanelDriver)) throw new Error('not a panel driver');
  cleanups.push(() => d.stop());
  await d.start();
  return d;
}

describe('panel health facts at the slow poll, against independent responders', () => {
  it('samsung-mdc: serial, software version, model name and the temperature from ERROR_STATUS; no hours (MDC has none)', async () => {
    const partner = new MdcPartner();
    const d = await driverFor('samsung-mdc', partner);
    for (let i = 0; i < 5; i++) await d.refresh();
    expect(d.state()).toMatchObject({ status: 'online', model: 'QB65R', firmware: 'T-KTM2ELAKUC-2190.5', health: { serial: '0FSH3CNM800123', temperatureC: 43 } });
    expect(d.state().health?.operatingHours).toBeUndefined();
    expect(partner.commands.filter((c) => c === 0x0b)).toHaveLength(1);
  });

  it('philips-sicp: serial, model and firmware by field, the first temperature sensor present', async () => {
    const partner = new SicpPartner();
    const d = await driverFor('philips-sicp', partner);
    for (let i = 0; i < 5; i++) await d.refresh();
    expect(d.state()).toMatchObject({ status: 'online', model: '65BDL4550D', firmware: 'FB02.105', health: { serial: 'AU01234567890A', temperatureC: 37 } });
    expect(await d.health.check()).toMatchObject({ serial: 'AU01234567890A', extra: { temperatureC: 37 } });
  });
});

describe('LG and Newline against independent responders', () => {
  it('lg: power on (read first), input, volume and mute, each read back', async () => {
    const partner = new LgPartner();
    const d = await driverFor('lg', partner);
    expect(d.state()).toMatchObject({ status: 'online', power: 'off' });
    await d.power.on();
    await d.input.select('hdmi2');
    await d.volume.set(42);
    await d.volume.mute(true);
    expect(partner.values.get('ka')).toBe(1);
    expect(partner.values.get('xb')).toBe(0x91);
    expect(partner.values.get('kf')).toBe(42);
    expect(d.state()).toMatchObject({ power: 'on', input: 'hdmi2', volume: 42, muted: true });
    // Already on: no second power-on is sent.
    const sets = partner.commands.length;
    await d.power.on();
    expect(partner.commands.length - sets).toBe(1);
  });

  it('newline: input by its select code, read back by the other code; volume in steps; mute by toggle', async () => {
    const partner = new NewlinePartner();
    const d = await driverFor('newline', partner);
    expect(d.state()).toMatchObject({ status: 'online', power: 'on', input: 'hdmi1', volume: 20 });
    await d.input.select('hdmi3');
    expect(partner.source).toBe(0x18);
    await d.volume.set(23);
    expect(partner.volume).toBe(23);
    await d.volume.mute(true);
    expect(partner.muted).toBe(true);
    expect(d.state()).toMatchObject({ input: 'hdmi3', volume: 23, muted: true });
  });
});

describe('the profile driver with the shipped MAXHUB profile, against a responder written from the notes', () => {
  it('sends the documented frames for power, volume and mute (the panel answers nothing)', async () => {
    const partner = new MaxhubPartner();
    await partner.start();
    cleanups.push(() => partner.stop());
    const d = findDriver('profile').create({ id: 'front-panel', target: parseTarget(partner.target), options: {}, log, pollIntervalMs: 3_600_000, timeoutMs: 500, profile: loadProfile('maxhub-v6').profile });
    if (!(d instanceof PanelDriver)) throw new Error('not a panel driver');
    cleanups.push(() => d.stop());
    await d.start();
    await d.power.on();
    await d.volume.set(35);
    await d.volume.mute(true);
    // Nothing comes back: wait until the frames have arrived.
    await until(() => partner.muted !== undefined, 2000, 'the mute frame');
    expect(partner).toMatchObject({ power: 'on', volume: 35, muted: true });
    await d.power.off();
    await until(() => partner.power === 'off', 2000, 'the power-off frame');
  });
});
