import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { Demo } from '../../src/demo/demo.js';
import { runIfMain, type Bench, type BenchOptions, type BenchResult } from './lib.js';

interface FleetRoom {
  root: string;
  session?: string;
}

/** Logs in to the fleet API as the demo's operator; returns the cookie to send back. */
async function login(dashboard: string, user: string, password: string): Promise<string> {
  const res = await fetch(`${dashboard}api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password }) });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function fleetSession(dashboard: string, cookie: string, root: string): Promise<string | undefined> {
  const res = await fetch(`${dashboard}api/rooms`, { headers: { cookie } });
  const rooms = (await res.json()) as FleetRoom[];
  return rooms.find((r) => r.root === root)?.session;
}

/**
 * `classroom demo --rooms N` in this process: time until every room is ready (agents up, birth
 * sent), memory of the demo and its workers, and how long a class started on a wall panel takes
 * to show on the fleet API (what the dashboard reads).
 */
const bench: Bench = async (options: BenchOptions): Promise<BenchResult> => {
  const rooms = options.quick === true ? 20 : Number(process.env.SC_BENCH_DEMO_ROOMS ?? 500);
  const dataDir = mkdtempSync(join(tmpdir(), 'sc-bench-demo-'));
  const demo = new Demo({ rooms, dataDir, httpPort: 0, mqttPort: 0, teachers: false, faults: false, pace: 1, log: pino({ level: 'silent' }), logLevel: 'warn', version: 'bench' });
  try {
    const ready = await demo.start();
    // Let the first polls and births settle, then look at memory and the live path.
    await new Promise((r) => setTimeout(r, 15_000));
    const room = ready.rooms[0];
    if (room === undefined) throw new Error('no room started');
    const cookie = await login(ready.dashboard, ready.operator.user, ready.operator.password);
    const started = await fetch(`${room.wallPanel}api/session/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!started.ok) throw new Error(`session start failed: ${started.status}`);
    const liveAt = Date.now();
    let session = await fleetSession(ready.dashboard, cookie, room.id);
    while (session !== 'live' && session !== 'degraded' && Date.now() - liveAt < 30_000) {
      await new Promise((r) => setTimeout(r, 20));
      session = await fleetSession(ready.dashboard, cookie, room.id);
    }
    const toFleetMs = Date.now() - liveAt;
    return {
      name: 'demo',
      figures: {
        rooms: ready.rooms.length,
        failed: ready.failed.length,
        workers: ready.workers,
        ready_s: Math.round(ready.startMs / 100) / 10,
        rss_at_ready_mb: Math.round(ready.rssBytes / 2 ** 20),
        class_live_to_fleet_ms: toFleetMs,
      },
      note: 'classroom demo in-process (no teachers, no faults); rss = demo process + workers; class_live_to_fleet_ms = wall panel start answered -> fleet API shows it (polled every 20 ms)',
    };
  } finally {
    await demo.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export default bench;
runIfMain(import.meta.url, bench);
