import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { PanelDriver } from '../../../src/drivers/displays/index.js';
import { findDriver } from '../../../src/drivers/registry.js';
import { parseTarget } from '../../../src/transports/index.js';
import { MdcPartner, SicpPartner } from './byte-partners.js';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function driverFor(name: string, partner: MdcPartner | SicpPartner): Promise<PanelDriver> {
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
