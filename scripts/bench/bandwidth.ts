import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createTlsServer } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { createLogger } from '../../src/core/logger.js';
import { ManualClock } from '../../src/core/clock.js';
import { MemoryRoom, classroomDevices } from '../../src/uplink/memory-room.js';
import { UPLINK_DEFAULTS } from '../../src/uplink/settings.js';
import { Uplink } from '../../src/uplink/uplink.js';
import { startTcpProxy } from '../lib/tcp-proxy.js';
import { makeTestPki } from '../lib/test-certs.js';
import { runIfMain, type Bench } from './lib.js';

/**
 * One school day of one room over a real TLS connection to a real broker, on a manual clock so
 * 24 hours pass in seconds: 8 sessions (start and end scenes, device changes, recorder progress,
 * latency jitter), health every 5 minutes, keepalive pings, two link drops with reconnect and
 * birth. Bytes are counted on the socket by a proxy between agent and broker (TLS included).
 */
const MINUTE = 60_000;

async function settle(ms = 2): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

const bench: Bench = async ({ quick }) => {
  const pki = makeTestPki();
  const broker = await Aedes.createBroker();
  const server = createTlsServer({ cert: pki.serverCert, key: pki.serverKey }, (socket) => broker.handle(socket));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const proxy = await startTcpProxy({ port: (server.address() as AddressInfo).port });
  const dir = mkdtempSync(join(tmpdir(), 'sc-bench-bw-'));
  const clock = new ManualClock(new Date(2025, 0, 6, 0, 0, 0).getTime());
  const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const room = new MemoryRoom(classroomDevices(), undefined, () => clock.now());
  const uplink = new Uplink({
    room: { country: 'ke', site: 'uon-chiromo', room: 'lh-1' },
    settings: { ...UPLINK_DEFAULTS, url: proxy.url('mqtts'), caFile: pki.caFile, certFile: pki.clientCertFile, keyFile: pki.clientKeyFile },
    dataDir: dir,
    source: room,
    executor: room,
    remoteAllow: ['session.start', 'session.end', 'scene.run'],
    version: '0.1.0',
    log,
    clock,
  });
  const teacher = { kind: 'wall-panel' as const };
  let events = 0;
  room.onEvent(() => void (events += 1));
  try {
    await uplink.start();
    while (!uplink.stats().connected) await settle(5);
    const minutes = quick ? 6 * 60 : 24 * 60;
    const sessions = new Map<number, number>();
    // 8 sessions of 50 minutes from 08:00, one an hour, lunch at 12:00
    [8, 9, 10, 11, 13, 14, 15, 16].forEach((h, k) => sessions.set(h * 60, k));
    let live: number | undefined;
    for (let m = 0; m < minutes; m++) {
      const startOf = sessions.get(m);
      if (startOf !== undefined) {
        live = m;
        await room.act('session.start', {}, teacher);
        room.setState('panel', { power: 'on', input: 'hdmi1', volume: 35 });
        room.setState('camera', { preset: 'lectern', ptz: { pan: 0.2, tilt: -0.1, zoom: 0.3 } });
        room.setState('recorder', { recorder: { activity: 'recording', elapsedSeconds: 0, freeBytes: 480_000_000_000 } });
        room.setState('relays', { relays: [true, false] });
        for (let s = 0; s < 6; s++) room.emitEvent({ type: 'scene.step', by: teacher, data: { scene: 'start-class', step: s, status: 'ok' } });
        room.emitEvent({ type: 'keypad.press', device: 'keypad', data: { key: 1 } });
      } else if (live !== undefined && m - live === 50) {
        live = undefined;
        room.setState('recorder', { recorder: { activity: 'stopped', freeBytes: 470_000_000_000 } });
        room.setState('panel', { power: 'off' });
        room.setState('camera', { preset: 'wide', ptz: { pan: 0, tilt: 0, zoom: 0 } });
        room.setState('relays', { relays: [false, false] });
        for (let s = 0; s < 4; s++) room.emitEvent({ type: 'scene.step', by: teacher, data: { scene: 'end-class', step: s, status: 'ok' } });
        await room.act('session.end', {}, teacher);
      } else if (live !== undefined) {
        // polls every minute: recorder progress and latency jitter, most inside the deadbands
        room.setState('recorder', { recorder: { activity: 'recording', elapsedSeconds: (m - live) * 60, freeBytes: 480_000_000_000 - (m - live) * 200_000_000 } });
        room.setState('panel', { latencyMs: 20 + ((m * 7) % 30) });
        if ((m - live) % 15 === 0) room.setState('panel', { volume: 30 + ((m - live) % 10) });
      }
      // Two link drops a day (at 10:30 and 15:20): reconnect, TLS handshake, new birth.
      if (m === 10 * 60 + 30 || m === 15 * 60 + 20) proxy.dropConnections();
      await uplink.settle();
      // Advance in half-minute steps, letting real socket I/O happen between them.
      for (let half = 0; half < 2; half++) {
        clock.advance(MINUTE / 2);
        await settle();
        for (let i = 0; i < 20 && !uplink.stats().connected; i++) {
          clock.advance(1000);
          await settle(5);
        }
      }
    }
    while (uplink.stats().outboxDepth > 0) await settle(5);
    const stats = uplink.stats();
    const bytes = proxy.bytesUp + proxy.bytesDown;
    const perDay = Math.round((bytes * 24 * 60) / minutes);
    return {
      name: 'bandwidth',
      figures: {
        simulated_hours: minutes / 60,
        bytes_up: proxy.bytesUp,
        bytes_down: proxy.bytesDown,
        bytes_per_room_day: perDay,
        kb_per_room_day: Number((perDay / 1024).toFixed(1)),
        agent_counted_bytes: stats.bytesSent + stats.bytesReceived,
        connects: stats.connects,
        events,
        within_300kb: perDay <= 300 * 1024,
      },
      note: 'one simulated school day over TLS (8 sessions, health every 5 min, keepalive 240 s, 2 link drops), bytes on the socket',
    };
  } finally {
    await uplink.stop();
    await proxy.close();
    await new Promise<void>((r) => server.close(() => r()));
    await new Promise<void>((r) => broker.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
    pki.remove();
  }
};

export default bench;
runIfMain(import.meta.url, bench);
