import { afterEach, describe, expect, it } from 'vitest';
import { isScError } from '../../../src/core/errors/index.js';
import { PanelDriver } from '../../../src/drivers/displays/index.js';
import { findDriver } from '../../../src/drivers/registry.js';
import { panelSimProtocols, startPanel, type RunningPanel } from '../../../src/simulators/displays/index.js';
import { parseTarget } from '../../../src/transports/index.js';
import { startPtyPair, type PtyPair } from '../../helpers/index.js';
import { log } from './suite.js';

describe('warm-up after power on (Samsung MDC simulator refuses input changes while warming)', () => {
  let pair: PtyPair | undefined;
  let sim: RunningPanel | undefined;
  let driver: PanelDriver | undefined;
  afterEach(async () => {
    await driver?.stop();
    await sim?.stop();
    await pair?.close();
  });

  async function setup(options: Record<string, number>): Promise<PanelDriver> {
    pair = await startPtyPair();
    const protocol = panelSimProtocols.find((p) => p.name === 'samsung-mdc');
    if (protocol === undefined) throw new Error('no simulator');
    sim = await startPanel(protocol, { host: '127.0.0.1', log, settings: { attach: pair.b, warmupMs: '700' } });
    const d = findDriver('samsung-mdc').create({ id: 'panel', target: parseTarget(`serial:${pair.a}`), options: { id: 1, ...options }, log, pollIntervalMs: 3_600_000, timeoutMs: 300 });
    if (!(d instanceof PanelDriver)) throw new Error('not a panel driver');
    driver = d;
    await d.start();
    return d;
  }

  it('waits for the warm-up it started, then selects the input', async () => {
    const d = await setup({ warmupMs: 700 });
    await d.power.on();
    expect(d.state().power).toBe('warming');
    await d.input.select('hdmi2');
    expect(sim?.engine.state.input).toBe(0x23);
    expect(d.state().input).toBe('hdmi2');
  });

  it('retries a refused input change while a panel someone else turned on warms up', async () => {
    const d = await setup({ warmupMs: 700, warmupRetryMs: 100 });
    if (sim !== undefined) {
      sim.engine.state.power = true;
      sim.engine.state.warmUntil = Date.now() + 500;
    }
    await d.input.select('hdmi2');
    expect(sim?.engine.state.input).toBe(0x23);
  });

  it('without a warm-up setting the refusal is reported at once as a NAK', async () => {
    const d = await setup({ warmupMs: 0 });
    await d.power.on();
    const err: unknown = await d.input.select('hdmi2').catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_DEVICE_NAK')).toBe(true);
    expect(String(err)).toMatch(/panel refused input hdmi2: NAK with error code 0x01/);
  });
});
