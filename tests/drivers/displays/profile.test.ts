import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { fillTemplate, matchTemplate, parseTemplate } from '../../../src/core/hex-template.js';
import { isScError } from '../../../src/core/errors/index.js';
import { findDriver } from '../../../src/drivers/registry.js';
import { PanelDriver, devicesDir, loadProfile } from '../../../src/drivers/displays/index.js';
import { profileSim, readSimProfile, startPanel, type RunningPanel } from '../../../src/simulators/displays/index.js';
import { hex, parseTarget } from '../../../src/transports/index.js';
import { startPtyPair, tempDir, type PtyPair } from '../../helpers/index.js';
import { log, panelSuite, until } from './suite.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/ascii-panel.yaml', import.meta.url));

describe('hex templates', () => {
  it('fills the MAXHUB worked frames (displays.md §5.2)', () => {
    const { profile } = loadProfile('maxhub-v6');
    const c = profile.commands ?? {};
    const fill = (send: string | undefined, values: Record<string, number> = {}): string => hex(fillTemplate(parseTemplate(send ?? ''), { id: 1, ...values }));
    expect(fill(c.powerOn?.send)).toBe('3A 30 31 53 30 30 30 33 0D');
    expect(fill(c.powerOff?.send)).toBe('3A 30 31 53 30 30 30 32 0D');
    expect(fill(c.volume?.send, { value: 30 })).toBe('3A 30 31 53 38 30 33 30 0D');
    expect(fill(c.muteOn?.send)).toBe('3A 30 31 53 39 30 30 31 0D');
    expect(fill(c.muteOff?.send)).toBe('3A 30 31 53 39 30 30 30 0D');
  });

  it('computes checksums and captures values, refusing a wrong checksum or id', () => {
    const t = parseTemplate('02 {id:dec2} 76 {value:dec3} {cs}');
    const frame = fillTemplate(t, { id: 7, value: 42 }, 'sum8', 1);
    expect(hex(frame)).toBe('02 30 37 76 30 34 32 ' + hex([(0x30 + 0x37 + 0x76 + 0x30 + 0x34 + 0x32) & 0xff]));
    expect(matchTemplate(t, frame, { id: 7 }, { checksum: 'sum8', checksumFrom: 1 })).toEqual({ value: 42 });
    expect(matchTemplate(t, frame, { id: 8 }, { checksum: 'sum8', checksumFrom: 1 })).toBeUndefined();
    const bad = Buffer.from(frame);
    bad[bad.length - 1] = (bad[bad.length - 1] ?? 0) ^ 0xff;
    expect(matchTemplate(t, bad, { id: 7 }, { checksum: 'sum8', checksumFrom: 1 })).toBeUndefined();
    expect(() => parseTemplate('3A {nope:dec} 0D')).toThrow(/placeholder/);
  });
});

describe('device profiles', () => {
  it('every profile in devices/ and the templates validate', () => {
    const files = readdirSync(devicesDir()).filter((f) => f.endsWith('.yaml'));
    expect(files).toContain('maxhub-v6.yaml');
    for (const f of files) expect(loadProfile(join(devicesDir(), f)).profile.model).not.toBe('');
    const template = loadProfile(join(devicesDir(), 'templates', 'ifp-createview-hitevision-dazzleview.yaml')).profile;
    expect(template.protocol).toBe('profile');
  });

  it('names the file, line, column and field of a mistake', () => {
    const dir = tempDir('sc-profile-');
    const file = join(dir.path, 'bad.yaml');
    writeFileSync(file, 'model: X\nprotocol: profile\nwarmupMs: soon\ncommands:\n  powerOn:\n    send: 3A ZZ 0D\n');
    const err: unknown = (() => {
      try {
        loadProfile(file);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    dir.remove();
    expect(isScError(err, 'SC_ERR_PROFILE_INVALID')).toBe(true);
    expect(String(err)).toMatch(/bad\.yaml:3:1 warmupMs: is the text "soon", expected a whole number/);
    expect(String(err)).toMatch(/bad\.yaml:6:5 commands\.powerOn\.send: the text "3A ZZ 0D" is not valid/);
  });

  it('refuses a profile written for another protocol', async () => {
    const d = findDriver('samsung-mdc').create({ id: 'p', target: parseTarget('tcp://127.0.0.1:9'), options: { profile: 'maxhub-v6' }, log, pollIntervalMs: 1000, timeoutMs: 100 });
    const err: unknown = await d.start().then(() => undefined, (e: unknown) => e);
    await d.stop();
    expect(isScError(err, 'SC_ERR_PROFILE_INVALID')).toBe(true);
    expect(String(err)).toMatch(/describes a profile panel \(MAXHUB/);
  });
});

describe('MAXHUB profile over a PTY pair (send-only frames)', () => {
  let pair: PtyPair | undefined;
  let sim: RunningPanel | undefined;
  afterEach(async () => {
    await sim?.stop();
    await pair?.close();
  });

  it('sends the profile bytes and the panel obeys', async () => {
    pair = await startPtyPair();
    sim = await startPanel(profileSim(readSimProfile('maxhub-v6'), 'maxhub'), { host: '127.0.0.1', log, settings: { attach: pair.b } });
    const d = findDriver('profile').create({ id: 'maxhub', target: parseTarget(`serial:${pair.a}`), options: { profile: 'maxhub-v6' }, log, pollIntervalMs: 3_600_000, timeoutMs: 300 });
    if (!(d instanceof PanelDriver)) throw new Error('not a panel driver');
    try {
      await d.start();
      await d.power.on();
      await d.volume.set(45);
      await d.volume.mute(true);
      await until(() => sim?.engine.state.muted === true, 3000, 'mute at the panel');
      expect(sim.engine.state.power).toBe(true);
      expect(sim.engine.state.volume).toBe(45);
      const err: unknown = await d.input.select('hdmi1').catch((e: unknown) => e);
      expect(isScError(err, 'SC_ERR_DISPLAY_INPUT_UNKNOWN')).toBe(true);
    } finally {
      await d.stop();
    }
  });
});

panelSuite({
  driver: 'profile',
  options: { profile: FIXTURE },
  profile: loadProfile(FIXTURE).profile as unknown as Record<string, unknown>,
  sim: () => profileSim(readSimProfile(FIXTURE)),
  simSettings: { id: '7' },
  input: 'hdmi2',
  badInput: ['bogus', '39 39 39'],
});
