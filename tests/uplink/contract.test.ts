import { afterEach, describe, expect, it } from 'vitest';
import { startAedes, startMosquitto, tempDir } from '../helpers/index.js';
import { ROOT, Watcher, makeUplink, sendCommand, type TestUplink } from './fixture.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function broker(kind: 'aedes' | 'mosquitto'): Promise<string> {
  const b = kind === 'aedes' ? await startAedes() : await startMosquitto();
  cleanups.push(() => b.close());
  return b.url;
}

async function started(url: string, dataDir?: string): Promise<TestUplink & { dir: string }> {
  const dir = dataDir ?? tempDir('sc-uplink-').path;
  if (dataDir === undefined) cleanups.push(() => void 0);
  const t = makeUplink(url, dir);
  await t.uplink.start();
  cleanups.push(() => t.uplink.stop());
  return { ...t, dir };
}

describe.each(['aedes', 'mosquitto'] as const)('the uplink against %s', (kind) => {
  it('announces itself: status, a full birth, then every retained state and the session, all valid', async () => {
    const url = await broker(kind);
    const w = await Watcher.start(url);
    cleanups.push(() => w.close());
    const { uplink } = await started(url);
    await w.until((x) => x.of('session').length === 1 && x.of('state').length === 5, 10_000, 'birth');
    const topics = w.seen.map((s) => s.topic);
    expect(topics.indexOf(`${ROOT}/status`)).toBeLessThan(topics.indexOf(`${ROOT}/birth`));
    expect(topics.indexOf(`${ROOT}/birth`)).toBeLessThan(topics.indexOf(`${ROOT}/state/panel`));
    const status = w.of('status')[0]!.payload;
    expect(status).toMatchObject({ online: true, bdSeq: 0, version: '0.1.0-test' });
    const birth = w.of('birth')[0]!.payload as { bdSeq: number; devices: { id: string }[]; remoteAllow: string[] };
    expect(birth.bdSeq).toBe(0);
    expect(birth.devices.map((d) => d.id)).toEqual(['panel', 'camera', 'recorder', 'keypad', 'relays']);
    expect(birth.remoteAllow).toContain('session.start');
    expect(w.invalid).toEqual([]);

    // A late subscriber (the fleet after a restart) gets everything retained.
    const late = await Watcher.start(url);
    cleanups.push(() => late.close());
    await late.until((x) => x.seen.length >= 8, 10_000, 'retained messages');
    expect(late.seen.every((s) => s.retain)).toBe(true);
    expect(new Set(late.seen.map((s) => s.kind))).toEqual(new Set(['status', 'birth', 'state', 'session']));
    await uplink.stop();
    await w.until((x) => x.of('status').some((s) => s.payload.online === false), 5000, 'offline status');
    expect(w.of('status').at(-1)!.payload).toMatchObject({ online: false, bdSeq: 0 });
    expect(w.invalid).toEqual([]);
  });

  it('reports state by exception (deadband), events with id/seq/bdSeq, and health', async () => {
    const url = await broker(kind);
    const w = await Watcher.start(url);
    cleanups.push(() => w.close());
    const { uplink, room } = await started(url);
    await w.until((x) => x.of('session').length === 1, 10_000, 'birth');
    const statesBefore = w.of('state').length;
    room.setState('panel', { latencyMs: 12 }); // new field: reported
    await w.until((x) => x.of('state').length === statesBefore + 1, 5000, 'first state');
    room.setState('panel', { latencyMs: 40 }); // within the 250 ms deadband: not reported
    room.setState('panel', { latencyMs: 40 }); // no change at all
    room.setState('panel', { power: 'on' }); // reported
    room.setState('camera', { ptz: { pan: 0.01, tilt: 0, zoom: 0 } }); // within deadband
    room.setState('recorder', { recorder: { activity: 'paused', freeBytes: 500_000_000_000 } });
    // Still waiting in the outbox: only the latest value of a retained topic is sent.
    room.setState('recorder', { recorder: { activity: 'recording', freeBytes: 500_000_000_000 } });
    room.emitEvent({ type: 'recorder.started', device: 'recorder', by: { kind: 'wall-panel' }, data: { file: 'lecture.mp4' }, ts: 1_700_000_000_000 });
    room.emitEvent({ type: 'help', by: { kind: 'wall-panel' } });
    await uplink.settle();
    await uplink.sendHealth();
    await w.until((x) => x.of('health').length === 1 && x.of('event').length === 2, 10_000, 'health and events');
    await new Promise((r) => setTimeout(r, 200));
    const states = w.of('state').slice(statesBefore);
    expect(states.map((s) => [s.device, s.payload.power ?? null, s.payload.latencyMs ?? null])).toEqual([
      ['panel', 'off', 12],
      ['panel', 'on', 40],
      ['recorder', null, null],
    ]);
    expect(states[2]!.payload.recorder).toEqual({ activity: 'recording', freeBytes: 500_000_000_000 });
    const events = w.events();
    expect(events[0]).toMatchObject({ seq: 0, bdSeq: 0, ts: 1_700_000_000_000, type: 'recorder.started', device: 'recorder', data: { file: 'lecture.mp4' } });
    expect(events[1]).toMatchObject({ seq: 1, bdSeq: 0, type: 'help' });
    expect(events[0]!.historical).toBeUndefined();
    expect(String(events[0]!.id).length).toBeGreaterThanOrEqual(8);
    const health = w.of('health')[0]!.payload as { outbox: { depth: number }; link: { connects: number; bytesSentToday: number } };
    expect(health.link.connects).toBe(1);
    expect(health.link.bytesSentToday).toBeGreaterThan(500);
    expect(w.invalid).toEqual([]);
  });

  it('publishes the will (online:false, same bdSeq) when the link dies, and comes back with bdSeq + 1 and a new birth', async () => {
    const url = await broker(kind);
    const w = await Watcher.start(url);
    cleanups.push(() => w.close());
    const { uplink, dir } = await started(url);
    await w.until((x) => x.of('birth').length === 1, 10_000, 'birth');
    // Yank the TCP connection as a dying link would: the broker sends the will.
    (uplink as unknown as { connection: { drop(r: string): void } }).connection.drop('test');
    await w.until((x) => x.of('birth').length === 2, 10_000, 'second birth');
    const statuses = w.of('status').map((s) => [s.payload.online, s.payload.bdSeq]);
    expect(statuses).toEqual([
      [true, 0],
      [false, 0],
      [true, 1],
    ]);
    expect(w.of('birth')[1]!.payload.bdSeq).toBe(1);
    await uplink.stop();
    // bdSeq survives a restart
    const again = makeUplink(url, dir);
    await again.uplink.start();
    cleanups.push(() => again.uplink.stop());
    await w.until((x) => x.of('birth').length === 3, 10_000, 'third birth');
    expect(w.of('birth')[2]!.payload.bdSeq).toBe(2);
    expect(w.invalid).toEqual([]);
  });

  it('sends a fresh birth when the fleet status turns online, not for the retained one on subscribing', async () => {
    const url = await broker(kind);
    const w = await Watcher.start(url);
    cleanups.push(() => w.close());
    await w.client.publishAsync('sc/v1/fleet/status', JSON.stringify({ online: true, ts: Date.now() }), { qos: 1, retain: true });
    await started(url);
    await w.until((x) => x.of('birth').length === 1, 10_000, 'birth');
    await new Promise((r) => setTimeout(r, 300));
    expect(w.of('birth').length).toBe(1);
    await w.client.publishAsync('sc/v1/fleet/status', JSON.stringify({ online: false, ts: Date.now() }), { qos: 1, retain: true });
    await w.client.publishAsync('sc/v1/fleet/status', JSON.stringify({ online: true, ts: Date.now() }), { qos: 1, retain: true });
    await w.until((x) => x.of('birth').length === 2, 10_000, 'rebirth');
    await w.until((x) => x.of('session').length === 2, 10_000, 'session after rebirth');
    expect(w.invalid).toEqual([]);
  });

  it('answers commands: runs allowed ones once through the room, refuses the rest with a code', async () => {
    const url = await broker(kind);
    const w = await Watcher.start(url);
    cleanups.push(() => w.close());
    const { room } = await started(url);
    await w.until((x) => x.of('birth').length === 1, 10_000, 'birth');
    const now = Date.now();
    const cmd = { id: 'cmd-start-0001', action: 'session.start', expires: now + 60_000, by: 'operator@ichei' };
    expect(await sendCommand(w.client, cmd, w, cmd.id)).toMatchObject({ id: cmd.id, status: 'ok', data: { session: 'live' } });
    await w.until((x) => x.of('session').some((s) => s.payload.state === 'live'), 5000, 'live session');
    expect(w.events().some((e) => e.type === 'session.start' && (e.by as { kind: string }).kind === 'remote')).toBe(true);
    const again = await sendCommand(w.client, cmd, w, cmd.id);
    expect(again).toMatchObject({ status: 'error', error: { code: 'SC_ERR_CMD_DUPLICATE' } });
    expect(room.executed.length).toBe(1);
    const expired = await sendCommand(w.client, { ...cmd, id: 'cmd-old-00001', expires: now - 1 }, w, 'cmd-old-00001');
    expect(expired).toMatchObject({ status: 'error', error: { code: 'SC_ERR_CMD_EXPIRED' } });
    const denied = await sendCommand(w.client, { ...cmd, id: 'cmd-dev-00001', action: 'device.action', device: 'panel' }, w, 'cmd-dev-00001');
    expect(denied).toMatchObject({ status: 'error', error: { code: 'SC_ERR_CMD_NOT_ALLOWED' } });
    const unknown = await sendCommand(w.client, { ...cmd, id: 'cmd-unk-00001', action: 'format.disk' }, w, 'cmd-unk-00001');
    expect(unknown).toMatchObject({ status: 'error', error: { code: 'SC_ERR_CMD_UNKNOWN_ACTION' } });
    const scene = await sendCommand(w.client, { ...cmd, id: 'cmd-scn-00001', action: 'scene.run', args: { scene: 'nope' } }, w, 'cmd-scn-00001');
    expect(scene).toMatchObject({ status: 'error', error: { code: 'SC_ERR_SCENE_UNKNOWN' } });
    const rebirth = await sendCommand(w.client, { ...cmd, id: 'cmd-reb-00001', action: 'rebirth' }, w, 'cmd-reb-00001');
    expect(rebirth).toMatchObject({ status: 'ok', data: { bdSeq: 0 } });
    await w.until((x) => x.of('birth').length === 2, 5000, 'rebirth');
    expect(w.invalid).toEqual([]);
  });
});
