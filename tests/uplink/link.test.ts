import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, type RoomConfig } from '../../src/core/config/index.js';
import { ManualClock } from '../../src/core/clock.js';
import { DataBudget, HEALTH_STRETCH } from '../../src/uplink/report/data-budget.js';
import { significantChange } from '../../src/uplink/report/deadband.js';
import { uplinkSettings } from '../../src/uplink/settings.js';
import { makeTestPki } from '../../scripts/lib/test-certs.js';
import { freePort, startAedes, startMosquitto, tempDir } from '../helpers/index.js';
import { Watcher, makeUplink, sendCommand } from './fixture.js';
import { waitFor } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dir(): string {
  const d = tempDir('sc-link-');
  cleanups.push(() => d.remove());
  return d.path;
}

describe('the link', () => {
  it('connects over TLS with the room CA and a client certificate to a Mosquitto that requires one', async () => {
    const pki = makeTestPki();
    cleanups.push(() => pki.remove());
    const broker = await startMosquitto({
      config: ['allow_anonymous true', `cafile ${pki.caFile}`, `certfile ${join(pki.dir, 'server.pem')}`, `keyfile ${join(pki.dir, 'server.key')}`, 'require_certificate true'],
    });
    cleanups.push(() => broker.close());
    const url = `mqtts://127.0.0.1:${broker.port}`;
    const { uplink } = makeUplink(url, dir(), { settings: { caFile: pki.caFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile } });
    await uplink.start();
    cleanups.push(() => uplink.stop());
    await waitFor(() => uplink.stats().connected, 10_000, 'TLS connection');
    // without the client certificate the broker refuses the handshake, and the agent keeps trying
    const { uplink: anonymous, lines } = makeUplink(url, dir(), { settings: { caFile: pki.caFile } });
    await anonymous.start();
    cleanups.push(() => anonymous.stop());
    await waitFor(() => lines().some((l) => l.msg === 'reconnecting to the fleet broker later'), 10_000, 'a refused attempt');
    expect(anonymous.stats().connected).toBe(false);
  });

  it('logs in with the per-room username and the password from password_file', async () => {
    const seen: string[] = [];
    const broker = await startAedes({
      authenticate: (_client, username, password, done) => {
        seen.push(`${username ?? ''}:${password?.toString() ?? ''}`);
        done(null, username === 'ke-uon-chiromo-lh-1' && password?.toString() === 's3cret');
      },
    });
    cleanups.push(() => broker.close());
    const d = dir();
    writeFileSync(join(d, 'mqtt.pass'), 's3cret\n');
    const yaml = `schemaVersion: 1\nroom:\n  id: lh-1\n  country: ke\n  site: uon-chiromo\ndevices: []\nuplink:\n  url: ${broker.url}\n  username: ke-uon-chiromo-lh-1\n  password_file: mqtt.pass\n`;
    const config = parseConfig<RoomConfig>(yaml, join(d, 'room.yaml'), { env: {} });
    const settings = uplinkSettings(config.value.uplink!);
    expect(settings.password).toBe('s3cret');
    const { uplink } = makeUplink(broker.url, d, { settings: { username: settings.username!, password: settings.password! } });
    await uplink.start();
    cleanups.push(() => uplink.stop());
    await waitFor(() => uplink.stats().connected, 10_000, 'authenticated connection');
    expect(seen).toContain('ke-uon-chiromo-lh-1:s3cret');
  });

  it('reconnects with exponential backoff capped at the maximum, on its own timer (not mqtt.js\'s fixed 1 s)', async () => {
    const port = await freePort(); // nothing listens: every attempt is refused
    const clock = new ManualClock();
    const { uplink } = makeUplink(`mqtt://127.0.0.1:${port}`, dir(), {
      settings: { reconnectMinSeconds: 0.1, reconnectMaxSeconds: 0.8 },
      extra: { clock, random: () => 1 },
    });
    await uplink.start();
    cleanups.push(() => uplink.stop());
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await waitFor(() => (clock.nextIn() ?? Infinity) < 60_000, 5000, 'a retry timer');
      const delay = clock.nextIn()!;
      delays.push(delay);
      clock.advance(delay);
    }
    expect(delays).toEqual([100, 200, 400, 800, 800, 800]);
  });

  it('remembers executed command ids across a restart', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const w = await Watcher.start(broker.url);
    cleanups.push(() => w.close());
    const d = dir();
    const cmd = { id: 'cmd-restart-01', action: 'help', expires: Date.now() + 60_000, by: 'operator' };
    const first = makeUplink(broker.url, d);
    await first.uplink.start();
    await w.until((x) => x.of('birth').length === 1, 10_000, 'birth');
    expect(await sendCommand(w.client, cmd, w, cmd.id)).toMatchObject({ status: 'ok' });
    await first.uplink.stop();
    const second = makeUplink(broker.url, d);
    await second.uplink.start();
    cleanups.push(() => second.uplink.stop());
    await w.until((x) => x.of('birth').length === 2, 10_000, 'second birth');
    expect(await sendCommand(w.client, cmd, w, cmd.id)).toMatchObject({ status: 'error', error: { code: 'SC_ERR_CMD_DUPLICATE' } });
    expect(second.room.executed).toEqual([]);
  });
});

describe('data budget and deadbands', () => {
  it('turns to economy when ahead of pace, critical near the budget, and counts per local day', async () => {
    const clock = new ManualClock(new Date(2025, 0, 6, 6, 0, 0).getTime()); // 25 % of the day gone
    const budget = new DataBudget(dir(), 100_000, () => clock.now());
    await budget.start();
    budget.record([10_000, 5_000]);
    expect(budget.mode()).toBe('normal');
    budget.record([25_000, 10_000]); // 35 KB used by 06:00 of a 100 KB day
    expect(budget.mode()).toBe('economy');
    budget.record([80_000, 12_000]);
    expect(budget.mode()).toBe('critical');
    expect(HEALTH_STRETCH.critical).toBeGreaterThan(HEALTH_STRETCH.economy);
    await budget.save();
    const again = new DataBudget(dir(), 100_000, () => clock.now());
    clock.advance(20 * 3600_000); // next day
    budget.record([81_000, 12_000]);
    expect(budget.sentToday + budget.receivedToday).toBe(1000);
    expect(again.mode()).toBe('normal');
  });

  it('ignores numeric jitter inside the deadband and the timestamp, and optional telemetry when asked', () => {
    const base = { status: 'online' as const, latencyMs: 20, volume: 30, ts: 1 };
    expect(significantChange(undefined, base)).toBe(true);
    expect(significantChange(base, { ...base, latencyMs: 200, ts: 2 })).toBe(false);
    expect(significantChange(base, { ...base, latencyMs: 400 })).toBe(true);
    expect(significantChange(base, { ...base, latencyMs: 400 }, undefined, new Set(['latencyMs']))).toBe(false);
    expect(significantChange(base, { ...base, volume: 31 })).toBe(true);
    expect(significantChange(base, { ...base, status: 'offline' })).toBe(true);
  });
});
