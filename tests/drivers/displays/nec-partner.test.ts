import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { isScError } from '../../../src/core/errors/index.js';
import { PanelDriver } from '../../../src/drivers/displays/index.js';
import { findDriver } from '../../../src/drivers/registry.js';
import { parseTarget } from '../../../src/transports/index.js';
import { NecPartner } from './nec-partner.js';

const log = pino({ level: 'silent' });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(partner: NecPartner, options: Record<string, number> = {}, timeoutMs = 2000): Promise<PanelDriver> {
  await partner.start();
  cleanups.push(() => partner.stop());
  const d = findDriver('nec').create({ id: 'front-panel', target: parseTarget(partner.target), options: { id: 1, ...options }, log, pollIntervalMs: 3_600_000, timeoutMs });
  if (!(d instanceof PanelDriver)) throw new Error('not a panel driver');
  cleanups.push(() => d.stop());
  await d.start();
  return d;
}

/** The messages as `type text`, e.g. `A 01D6` (power status read), `E 00600011` (input HDMI1). */
const sent = (p: NecPartner): string[] => p.messages.map((m) => `${m.type} ${m.text}`);

describe('nec against an independent NEC responder that wants more than 600 ms between packets', () => {
  it('a start from standby: power on, HDMI2, volume, each answered (none sent too soon), and nothing not needed', async () => {
    const partner = new NecPartner(600);
    const d = await setup(partner);
    expect(d.state()).toMatchObject({ status: 'online', power: 'off' });
    partner.messages.length = 0;
    await d.power.on();
    await d.input.select('hdmi2');
    await d.volume.set(35);
    expect(partner.tooSoon).toBe(0);
    expect(partner.power).toBe(1);
    expect(partner.params.get(0x0060)).toBe(0x12);
    expect(partner.params.get(0x0062)).toBe(35);
    expect(d.state()).toMatchObject({ power: 'on', input: 'hdmi2', volume: 35 });
    // Read power, set it, read it back; read the input, set it (its reply confirms it); set the volume.
    expect(sent(partner)).toEqual(['A 01D6', 'A C203D60001', 'A 01D6', 'C 0060', 'E 00600012', 'E 00620023']);
  });

  it('a panel already on and on the wanted input gets only the two reads: no power-on, no input select', async () => {
    const partner = new NecPartner(600);
    partner.power = 1;
    const d = await setup(partner);
    partner.messages.length = 0;
    await d.power.on();
    await d.input.select('hdmi1');
    expect(sent(partner)).toEqual(['A 01D6', 'C 0060']);
    expect(partner.tooSoon).toBe(0);
    expect(d.state()).toMatchObject({ power: 'on', input: 'hdmi1' });
  });

  it('without the gap the same panel drops packets: the pacing is what makes it work', async () => {
    const partner = new NecPartner(600);
    partner.power = 1;
    const d = await setup(partner, { minGapMs: 0 }, 300);
    const err: unknown = await d.volume.set(10).catch((e: unknown) => e);
    expect(partner.tooSoon).toBeGreaterThan(0);
    expect(isScError(err)).toBe(true);
  });

  it('reads serial, model, firmware, operating hours and temperature at the slow poll, one fact per poll', async () => {
    const partner = new NecPartner(0);
    partner.power = 1;
    const d = await setup(partner, { minGapMs: 5 });
    for (let i = 0; i < 6; i++) await d.refresh();
    expect(d.state()).toMatchObject({ model: 'P495', firmware: 'R1.503', health: { serial: '4Y123456AB', operatingHours: 1234, temperatureC: 38 } });
    const health = await d.health.check();
    expect(health).toMatchObject({ serial: '4Y123456AB', model: 'P495', firmware: 'R1.503', extra: { operatingHours: 1234, temperatureC: 38 } });
    // Each poll reads the status (4 messages) and at most one health fact.
    const polls = sent(partner).filter((m) => m === 'A 01D6').length;
    const facts = sent(partner).filter((m) => /^(A C21[67]|A CA0200|C 00FA|C 0279)$/.test(m)).length;
    expect(facts).toBeLessThanOrEqual(polls);
    // Read once per connection, not again at the next polls.
    const before = sent(partner).filter((m) => m === 'A C216').length;
    await d.refresh();
    await d.refresh();
    expect(sent(partner).filter((m) => m === 'A C216').length).toBe(before);
  });
});
