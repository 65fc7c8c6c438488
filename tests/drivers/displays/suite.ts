import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { isScError } from '../../../src/core/errors/index.js';
import type { Driver } from '../../../src/drivers/driver.js';
import { findDriver } from '../../../src/drivers/registry.js';
import { PanelDriver, panelProtocols } from '../../../src/drivers/displays/index.js';
import { startPanel, panelSimProtocols, type RunningPanel } from '../../../src/simulators/displays/index.js';
import type { PanelSimProtocol } from '../../../src/simulators/displays/sim-core.js';
import { parseTarget } from '../../../src/transports/index.js';
import { startPtyPair, tempDir, type PtyPair } from '../../helpers/index.js';

export const log = pino({ level: process.env.SC_TEST_LOG ?? 'silent' });

export interface SuiteOptions {
  driver: string;
  simProtocol?: string;
  /** Driver options (e.g. id) and the simulator settings that match them. */
  options?: Record<string, string | number | boolean>;
  simSettings?: Record<string, string>;
  profile?: Record<string, unknown>;
  /** An input name the panel has, other than the one it starts on. */
  input?: string;
  /** An input name whose code the panel refuses (added to the profile). */
  badInput?: [string, string];
  /** Whether the protocol reads mute back (Newline toggles; all read back). */
  volume?: number;
  /** The panel does not answer queries in standby (Newline): tests start it powered on. */
  startOn?: boolean;
  /** The simulator, when it is not the one named like the driver (profile-driven panels). */
  sim?: () => PanelSimProtocol;
}

export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Every panel driver through real serialport over a socat PTY pair against its simulator:
 * power, input, volume, mute, status, NAK, noise, silence, and a cable pulled and replugged.
 */
export function panelSuite(o: SuiteOptions): void {
  describe(`${o.driver} driver against its simulator over a PTY pair`, () => {
    let pair: PtyPair | undefined;
    let sim: RunningPanel | undefined;
    let driver: Driver | undefined;

    afterEach(async () => {
      await driver?.stop();
      await sim?.stop();
      await pair?.close();
      driver = undefined;
      sim = undefined;
      pair = undefined;
    });

    async function simOn(path: string, settings: Record<string, string> = {}): Promise<RunningPanel> {
      const protocol = o.sim?.() ?? panelSimProtocols.find((p) => p.name === (o.simProtocol ?? o.driver));
      if (protocol === undefined) throw new Error(`no simulator for ${o.driver}`);
      return startPanel(protocol, { host: '127.0.0.1', log, settings: { ...o.simSettings, ...settings, attach: path } });
    }

    function profileWithBadInput(): Record<string, unknown> {
      const defaults = panelProtocols.find((p) => p.name === o.driver)?.defaultInputs ?? {};
      const inputs = { ...defaults, ...(o.profile?.inputs as Record<string, string> | undefined), ...(o.badInput === undefined ? {} : { [o.badInput[0]]: o.badInput[1] }) };
      return { model: 'test', protocol: o.driver, ...o.profile, inputs };
    }

    async function setup(settings: Record<string, string> = {}, pollIntervalMs = 3_600_000, dir?: string): Promise<PanelDriver> {
      pair = await startPtyPair(dir === undefined ? {} : { dir });
      sim = await simOn(pair.b, settings);
      const d = findDriver(o.driver).create({
        id: 'front-panel',
        target: parseTarget(`serial:${pair.a}`),
        options: { reconnectMaxMs: 200, ...o.options },
        log,
        pollIntervalMs,
        timeoutMs: 300,
        ...(o.profile === undefined && o.badInput === undefined ? {} : { profile: profileWithBadInput() }),
      });
      driver = d;
      if (!(d instanceof PanelDriver)) throw new Error('not a panel driver');
      await d.start();
      return d;
    }

    it('turns on, selects an input, sets volume and mute, and reads it all back', async () => {
      const d = await setup(o.startOn === true ? { power: 'on' } : {});
      expect(d.state().status).toBe('online');
      if (o.startOn !== true) expect(d.state().power).toBe('off');
      await d.power.on();
      expect(d.state().power).toBe('on');
      expect(sim?.engine.state.power).toBe(true);
      await d.input.select(o.input ?? 'hdmi2');
      expect(d.state().input).toBe(o.input ?? 'hdmi2');
      await d.volume.set(o.volume ?? 30);
      expect(d.state().volume).toBe(o.volume ?? 30);
      expect(sim?.engine.state.volume).toBe(o.volume ?? 30);
      await d.volume.mute(true);
      expect(d.state().muted).toBe(true);
      await d.volume.mute(false);
      expect(d.state().muted).toBe(false);
      await d.power.off();
      expect(d.state().power).toMatch(/off|standby/);
    });

    it('a NAK becomes a typed error and the link stays usable', async () => {
      const d = await setup({ power: 'on' });
      if (o.badInput !== undefined) {
        const err: unknown = await d.input.select(o.badInput[0]).catch((e: unknown) => e);
        expect(isScError(err, 'SC_ERR_DEVICE_NAK')).toBe(true);
        expect(String(err)).toMatch(new RegExp(`front-panel refused input ${o.badInput[0]}`));
      }
      const unknown: unknown = await d.input.select('no-such-input').catch((e: unknown) => e);
      expect(isScError(unknown, 'SC_ERR_DISPLAY_INPUT_UNKNOWN')).toBe(true);
      await d.volume.set(12);
      expect(d.state().volume).toBe(12);
      expect(d.state().status).toBe('online');
    });

    it('skips garbage before replies', async () => {
      const d = await setup({ power: 'on', noise: 'true' });
      await d.volume.set(40);
      expect(d.state().volume).toBe(40);
      expect(d.state().status).toBe('online');
    });

    it('a silent device times out with an error naming the device, command and awaited reply', async () => {
      const d = await setup({ power: 'on' });
      if (sim !== undefined) sim.engine.switches.disappeared = true;
      const err: unknown = await d.volume.set(10).catch((e: unknown) => e);
      expect(isScError(err)).toBe(true);
      expect(String(err)).toMatch(/front-panel: (no reply to volume 10( \(volume query\))? within 300 ms \(waited for .+\)|link .* is down)/);
      expect(d.state().status).toBe('offline');
    });

    it('goes offline within two poll intervals when the PTY pair dies, and comes back by itself', async () => {
      const dir = tempDir('sc-panel-test-');
      const poll = 400;
      const d = await setup({ power: 'on' }, poll, dir.path);
      expect(d.state().status).toBe('online');
      await sim?.stop();
      await pair?.close();
      // Counted in polls, not timed: by the end of the second poll after the pull it is offline.
      await d.refresh();
      await d.refresh();
      expect(d.state().status).toBe('offline');
      expect(d.state().lastError?.code).toMatch(/SC_ERR_(LINK_DOWN|LINK_CLOSED|SERIAL_TIMEOUT|TCP_TIMEOUT|SERIAL_OPEN)/);
      pair = await startPtyPair({ dir: dir.path });
      sim = await simOn(pair.b, { power: 'on' });
      await until(() => d.state().status === 'online', 8000, 'online again');
      await d.volume.set(25);
      expect(d.state().volume).toBe(25);
    });

    it('a dropped reply to a query is asked again; a dropped reply to a command is a timeout', async () => {
      const d = await setup({ power: 'on' });
      if (sim === undefined) throw new Error('no simulator');
      sim.engine.switches.dropNext = 1;
      expect((await d.refresh()).status).toBe('online');
      expect(sim.engine.switches.dropNext).toBe(0);
      if (o.driver !== 'newline') {
        sim.engine.switches.dropNext = 1;
        const err: unknown = await d.volume.mute(true).catch((e: unknown) => e);
        expect(isScError(err, 'SC_ERR_SERIAL_TIMEOUT')).toBe(true);
        expect(String(err)).toMatch(/no reply to mute on within 300 ms/);
      }
    });

    it('two concurrent callers both succeed, one exchange at a time', async () => {
      const d = await setup({ power: 'on' });
      await Promise.all([d.volume.set(33), d.volume.mute(true), d.input.select(o.input ?? 'hdmi2')]);
      expect(sim?.engine.state.volume).toBe(33);
      expect(sim?.engine.state.muted).toBe(true);
      expect(d.state().input).toBe(o.input ?? 'hdmi2');
    });
  });
}
