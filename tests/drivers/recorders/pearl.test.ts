import { afterEach, describe, expect, it } from 'vitest';
import { PearlDriver, pearlDescriptor } from '../../../src/drivers/recorders/pearl.js';
import { parseRecorderStatuses, supportsV2, unwrapEnvelope } from '../../../src/drivers/recorders/pearl-api.js';
import { PEARL_SIM_DEFAULTS, PearlSimulator, type PearlSimOptions } from '../../../src/simulators/recorders/pearl.js';
import { isScError } from '../../../src/core/errors/index.js';
import { runCliInProcess } from '../../helpers/index.js';
import { collectEvents, nextEvent, recorderContext } from './helpers.js';

describe('Pearl API helpers', () => {
  it('picks v2.0 from firmware 4.24.1 on, legacy before and for nonsense', () => {
    expect(supportsV2('4.24.1')).toBe(true);
    expect(supportsV2('4.25.0')).toBe(true);
    expect(supportsV2('5.0')).toBe(true);
    expect(supportsV2('4.24.0')).toBe(false);
    expect(supportsV2('4.3.2')).toBe(false);
    expect(supportsV2('garbage')).toBe(false);
  });

  it('checks the envelope: ok unwraps, anything else is a refusal naming the command', () => {
    expect(unwrapEnvelope({ status: 'ok', result: [1] }, 'rec', 'GET x')).toEqual([1]);
    expect(() => unwrapEnvelope({ status: 'error', message: 'busy' }, 'rec', 'POST y')).toThrow(/rec refused POST y: status "error": busy/);
    expect(() => unwrapEnvelope([], 'rec', 'GET x')).toThrow(/not a JSON object/);
    expect(() => unwrapEnvelope(null, 'rec', 'GET x')).toThrow(/not a JSON object/);
  });

  it('parses recorder status defensively', () => {
    expect(parseRecorderStatuses([{ id: 4, status: { state: 'started', duration: 12 } }, { id: '5' }, 'junk'], 'rec')).toEqual([
      { id: '4', activity: 'recording', duration: 12 },
      { id: '5', activity: 'unknown' },
    ]);
    expect(() => parseRecorderStatuses({}, 'rec')).toThrow(/not a list/);
  });
});

describe('pearl driver against the Pearl simulator over real HTTP', () => {
  let sim: PearlSimulator | undefined;
  let driver: PearlDriver | undefined;
  afterEach(async () => {
    await driver?.stop();
    await sim?.stop();
    driver = undefined;
    sim = undefined;
  });

  async function setup(simOpts: Partial<PearlSimOptions> = {}, auth = 'admin:admin', options: Record<string, string> = { recorder: '1' }): Promise<{ sim: PearlSimulator; driver: PearlDriver }> {
    sim = new PearlSimulator({ ...PEARL_SIM_DEFAULTS, host: '127.0.0.1', port: 0, ...simOpts });
    await sim.start();
    driver = pearlDescriptor.create(recorderContext(`http://${auth}@127.0.0.1:${String(sim.port)}`, { options })) as PearlDriver;
    await driver.start();
    return { sim, driver };
  }

  it('uses /api/v2.0 on 4.24.1 and the legacy /api on older firmware', async () => {
    const a = await setup();
    expect(a.driver.apiBase).toBe('/api/v2.0');
    expect(a.driver.state()).toMatchObject({ status: 'online', firmware: '4.24.1', recorder: { activity: 'stopped' } });
    await a.driver.stop();
    await a.sim.stop();
    const b = await setup({ firmware: '4.14.2' });
    expect(b.driver.apiBase).toBe('/api');
    expect(b.driver.state().status).toBe('online');
    expect(b.sim.requests.some((r) => r.url.startsWith('/api/v2.0/system/firmware/version'))).toBe(true);
    expect(b.sim.requests.filter((r) => r.url.startsWith('/api/recorders')).length).toBeGreaterThan(0);
  });

  it('start, pause, stop: each read back from the recorder', async () => {
    const { sim, driver: d } = await setup();
    await d.recorder.setMetadata({ title: 'Physics 101', presenter: 'Dr. Amina Yusuf' });
    expect(sim.channels.get('1')?.metadata).toEqual({ title: 'Physics 101', author: 'Dr. Amina Yusuf' });
    await d.recorder.start();
    expect(sim.recorders.get('1')?.state).toBe('started');
    expect((await d.recorder.status()).activity).toBe('recording');
    await d.recorder.chapter();
    expect(sim.channels.get('1')?.bookmarks).toEqual(['Chapter']);
    await expect(d.recorder.setMetadata({ title: 'late' })).rejects.toMatchObject({ code: 'SC_ERR_RECORDER_METADATA_LOCKED' });
    await d.recorder.pause();
    expect(sim.recorders.get('1')?.state).toBe('paused');
    await d.recorder.stop();
    const s = await d.recorder.status();
    expect(s.activity).toBe('stopped');
    expect(s.freeBytes).toBeGreaterThan(0);
    expect(d.state().status).toBe('online');
  });

  it('a refused request (409) is a typed refusal, and the device stays online', async () => {
    const { driver: d } = await setup();
    const err: unknown = await d.recorder.pause().catch((e: unknown) => e); // not recording
    expect(isScError(err, 'SC_ERR_RECORDER_REFUSED')).toBe(true);
    expect(String(err)).toMatch(/POST \/api\/v2.0\/recorders\/1\/control\/pause: HTTP 409: Recorder '1' is not recording/);
    expect(d.state().status).toBe('online');
    expect(d.state().lastError?.code).toBe('SC_ERR_RECORDER_REFUSED');
    await expect(d.recorder.chapter()).rejects.toMatchObject({ code: 'SC_ERR_RECORDER_REFUSED' });
  });

  it('a wrong password is an authentication error, not a dead link', async () => {
    const { driver: d } = await setup({}, 'admin:wrong');
    expect(d.state().status).toBe('offline');
    expect(d.state().lastError?.code).toBe('SC_ERR_AUTH_FAILED');
    await expect(d.recorder.status()).rejects.toMatchObject({ code: 'SC_ERR_AUTH_FAILED', message: expect.stringMatching(/HTTP 401 on GET \/api\/v2.0\//) });
  });

  it('an unknown recorder id is named with the ones that exist', async () => {
    const { driver: d } = await setup({}, 'admin:admin', { recorder: '9' });
    expect(d.state().lastError?.code).toBe('SC_ERR_RECORDER_UNKNOWN');
    expect(d.state().reason).toMatch(/has no recorder `9` \(it has: 1 \(HDMI-A\), 2 \(Multi\), m1 \(Multitrack\)\)/);
  });

  it('a recording stopped at the unit is noticed by the poll and raised as an event', async () => {
    const { sim, driver: d } = await setup();
    await d.recorder.start();
    const stopped = nextEvent(d, 'event', (e) => e.type === 'recorder-stopped', 'recorder-stopped event');
    sim.stopBySelf('1');
    const e = await stopped;
    expect(e.data).toMatchObject({ reason: 'stopped-by-device', was: 'recording' });
    expect(d.state().recorder?.activity).toBe('stopped');
  });

  it('a full disk stops the recording by itself; the event says why', async () => {
    const { driver: d } = await setup({ freeBytes: 80e6, bytesPerSecond: 100e6 });
    const stopped = nextEvent(d, 'event', (e) => e.type === 'recorder-stopped', 'recorder-stopped event');
    await d.recorder.start().catch(() => undefined); // may already be full by the read-back
    const e = await stopped;
    expect(e.data?.reason).toBe('disk-full');
  });

  it('our own stop raises no recorder-stopped event', async () => {
    const { driver: d } = await setup();
    const events = collectEvents(d);
    await d.recorder.start();
    await d.recorder.stop();
    await new Promise((r) => setTimeout(r, 250));
    expect(events.filter((e) => e.type === 'recorder-stopped')).toEqual([]);
  });

  it('a link dropped mid-recording: offline, then state read back (not assumed) when it returns', async () => {
    const { sim, driver: d } = await setup();
    await d.recorder.start();
    await sim.goDown();
    await nextEvent(d, 'state', (s) => s.status === 'offline', 'offline');
    await expect(d.recorder.status()).rejects.toMatchObject({ kind: 'link', code: expect.stringMatching(/SC_ERR_(TCP_CONNECT|LINK_CLOSED|HTTP_TIMEOUT)/) });
    // While the link was down someone stopped the recorder at the unit.
    sim.stopBySelf('1');
    const event = nextEvent(d, 'event', (e) => e.type === 'recorder-stopped', 'recorder-stopped after the link returned');
    await sim.goUp();
    await nextEvent(d, 'state', (s) => s.status === 'online', 'online again');
    expect((await event).data?.reason).toBe('stopped-by-device');
    expect(d.state().recorder?.activity).toBe('stopped');
  });

  it('a recording that kept going during the outage reads back as recording, with its elapsed time', async () => {
    const { sim, driver: d } = await setup();
    await d.recorder.start();
    await sim.goDown();
    await nextEvent(d, 'state', (s) => s.status === 'offline', 'offline');
    await new Promise((r) => setTimeout(r, 1100));
    await sim.goUp();
    const s = await nextEvent(d, 'state', (st) => st.status === 'online', 'online again');
    expect(s.recorder?.activity).toBe('recording');
    expect(s.recorder?.elapsedSeconds).toBeGreaterThanOrEqual(1);
  });

  it('layouts list and switch with read-back', async () => {
    const { sim, driver: d } = await setup();
    expect((await d.layouts()).map((l) => [l.id, l.active])).toEqual([['1', true], ['2', false]]);
    await d.selectLayout('2');
    expect(sim.channels.get('1')?.layouts.find((l) => l.active)?.id).toBe('2');
    await expect(d.selectLayout('7')).rejects.toMatchObject({ code: 'SC_ERR_RECORDER_REFUSED' });
  });
});

describe('classroom ctl pearl', () => {
  let sim: PearlSimulator | undefined;
  afterEach(async () => {
    await sim?.stop();
  });

  it('record start / status / stop --set recorder=1', async () => {
    sim = new PearlSimulator({ ...PEARL_SIM_DEFAULTS, host: '127.0.0.1', port: 0 });
    await sim.start();
    const target = `http://admin:admin@127.0.0.1:${String(sim.port)}`;
    const start = await runCliInProcess(['ctl', 'pearl', target, 'record', 'start', '--set', 'recorder=1']);
    expect(start.stderr).toBe('');
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/recorder: recording/);
    const status = await runCliInProcess(['ctl', 'pearl', target, 'record', 'status', '--set', 'recorder=1', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ recorder: 'recording' });
    const stop = await runCliInProcess(['ctl', 'pearl', target, 'record', 'stop', '--set', 'recorder=1']);
    expect(stop.stdout).toMatch(/recorder: stopped/);
    const bad = await runCliInProcess(['ctl', 'pearl', `http://admin:nope@127.0.0.1:${String(sim.port)}`, 'record', 'status']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/SC_ERR_AUTH_FAILED/);
  });
});
