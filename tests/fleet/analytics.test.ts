import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Analytics, periodStart } from '../../src/fleet/analytics/analytics.js';
import { SqliteStore } from '../../src/fleet/store/sqlite/sqlite-store.js';
import { emptyBatch, type IngestBatch } from '../../src/fleet/store/types.js';
import { tempDir, type TempDir } from '../helpers/index.js';

const H = 3_600_000;
const MON = Date.UTC(2026, 2, 2); // a Monday
const A = 'sc/v1/ke/uon/room-a';
const B = 'sc/v1/ke/uon/room-b';
const C = 'sc/v1/tz/udsm/room-c';

describe('analytics from stored history', () => {
  let dir: TempDir;
  let store: SqliteStore;
  let analytics: Analytics;
  const write = (fill: (b: IngestBatch) => void) => {
    const b = emptyBatch();
    fill(b);
    return store.ingest.write(b);
  };
  const device = (root: string, id: string, status: 'online' | 'offline', at: number) => ({ root, device: id, status, state: { status }, since: at, updatedAt: at });

  beforeEach(async () => {
    dir = tempDir('sc-fleet-analytics-');
    store = new SqliteStore(`${dir.path}/fleet.db`);
    await store.start();
    analytics = new Analytics({ repo: store.ingest, now: () => MON + 10 * 24 * H });
    // room A: two classes on Monday (2 h and 1 h, one recorded), one crossing midnight into Tuesday
    await write((b) => {
      b.sessions.push({ op: 'start', root: A, at: MON + 8 * H }, { op: 'end', root: A, at: MON + 10 * H });
      b.sessions.push({ op: 'start', root: A, at: MON + 14 * H }, { op: 'end', root: A, at: MON + 15 * H });
      b.recordings.push({ op: 'start', root: A, device: 'rec', at: MON + 8 * H }, { op: 'end', root: A, device: 'rec', at: MON + 9.5 * H });
      b.sessions.push({ op: 'start', root: B, at: MON + 23 * H }, { op: 'end', root: B, at: MON + 25 * H });
      b.sessions.push({ op: 'start', root: C, at: MON + 9 * H }, { op: 'end', root: C, at: MON + 12 * H });
    });
    // devices: A/panel online 8 h then offline 2 h then online; B/cam fails three times
    await write((b) => void b.devices.push(device(A, 'panel', 'online', MON)));
    await write((b) => void b.devices.push(device(A, 'panel', 'offline', MON + 8 * H)));
    await write((b) => void b.devices.push(device(A, 'panel', 'online', MON + 10 * H)));
    for (let i = 0; i < 3; i++) {
      await write((b) => void b.devices.push(device(B, 'cam', 'online', MON + i * 2 * H)));
      await write((b) => void b.devices.push(device(B, 'cam', 'offline', MON + (i * 2 + 1) * H)));
    }
  });

  afterEach(async () => {
    await store.stop();
    dir.remove();
  });

  it('counts classes, hours taught and hours recorded per room and day, splitting at midnight', async () => {
    const rows = await analytics.usage({ from: MON, to: MON + 7 * 24 * H }, 'room', 'day');
    expect(rows).toEqual([
      { period: '2026-03-02', key: 'ke/uon/room-a', sessions: 2, hoursTaught: 3, hoursRecorded: 1.5 },
      { period: '2026-03-02', key: 'ke/uon/room-b', sessions: 1, hoursTaught: 1, hoursRecorded: 0 },
      { period: '2026-03-02', key: 'tz/udsm/room-c', sessions: 1, hoursTaught: 3, hoursRecorded: 0 },
      { period: '2026-03-03', key: 'ke/uon/room-b', sessions: 0, hoursTaught: 1, hoursRecorded: 0 },
    ]);
  });

  it('sums per site and country per week, and keeps to a scope', async () => {
    const range = { from: MON, to: MON + 7 * 24 * H };
    expect(await analytics.usage(range, 'country', 'week')).toEqual([
      { period: '2026-03-02', key: 'ke', sessions: 3, hoursTaught: 5, hoursRecorded: 1.5 },
      { period: '2026-03-02', key: 'tz', sessions: 1, hoursTaught: 3, hoursRecorded: 0 },
    ]);
    expect(await analytics.usage(range, 'site', 'week', new Set([C]))).toEqual([{ period: '2026-03-02', key: 'tz/udsm', sessions: 1, hoursTaught: 3, hoursRecorded: 0 }]);
    expect(periodStart(Date.UTC(2026, 2, 8, 23), 'week')).toBe(MON);
  });

  it('computes device uptime and ranks the devices that fail most', async () => {
    const range = { from: MON, to: MON + 24 * H };
    const uptime = await analytics.uptime(range);
    expect(uptime.find((u) => u.device === 'panel')).toEqual({ root: A, device: 'panel', uptimePercent: 91.67, onlineHours: 22, observedHours: 24, failures: 1 });
    const failures = await analytics.topFailures(range, 5);
    expect(failures.map((f) => [f.device, f.failures])).toEqual([
      ['cam', 3],
      ['panel', 1],
    ]);
  });
});
