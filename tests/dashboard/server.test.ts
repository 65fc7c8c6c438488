import { describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/event-bus.js';
import type { FleetEvents } from '../../src/fleet/events.js';
import { analyticsCsv } from '../../src/fleet/http/dashboard/analytics.js';
import type { LiveMessageDto } from '../../src/contract/dashboard.js';
import { HealthHistory } from '../../src/fleet/http/dashboard/health-history.js';
import { DashboardHub } from '../../src/fleet/http/dashboard/live-hub.js';
import { FleetModel } from '../../src/fleet/ingest/model.js';
import { sessionDto, timetableDto } from '../../src/fleet/http/dashboard/summaries.js';
import type { AlertRepo } from '../../src/fleet/store/store.js';
import type { AlertRecord } from '../../src/fleet/store/types.js';

function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () => (check() ? resolve() : Date.now() > deadline ? reject(new Error('timed out')) : setTimeout(tick, 10));
    tick();
  });
}

describe('dashboard hub', () => {
  const alert = (id: number, root: string, state: AlertRecord['state']): AlertRecord => ({
    id, root, device: '', kind: 'room-offline', severity: 'critical', state, message: 'm', openedAt: 1, lastRaisedAt: 1, count: 1,
  });

  it('coalesces a burst of room changes into one message per client, within the client scope', async () => {
    const model = new FleetModel();
    for (let i = 0; i < 500; i++) model.addRoom({ root: `sc/v1/ke/s${i % 5}/r${i}`, country: 'ke', site: `s${i % 5}`, room: `r${i}`, createdAt: 0 }, 0);
    const events = new EventBus<FleetEvents>();
    const repo = { list: async () => [alert(7, 'sc/v1/ke/s0/r0', 'open')] } as unknown as AlertRepo;
    const hub = new DashboardHub({ model, events, alerts: repo, flushMs: 30 });
    await hub.start();
    expect(hub.summary('sc/v1/ke/s0/r0')?.alerts).toBe(1);
    const all: LiveMessageDto[] = [];
    const scoped: LiveMessageDto[] = [];
    hub.addClient({ sees: () => true, send: (m) => all.push(m) });
    hub.addClient({ sees: (root) => root.startsWith('sc/v1/ke/s1/'), send: (m) => scoped.push(m) });
    for (const room of model.rooms.values()) {
      room.online = true;
      events.emit('room', { root: room.root, room, change: 'online' });
      events.emit('room', { root: room.root, room, change: 'birth' });
    }
    await until(() => all.length > 0);
    expect(all).toHaveLength(1);
    const msg = all[0];
    expect(msg?.type === 'rooms' ? msg.rooms.length : 0).toBe(500);
    expect(scoped).toHaveLength(1);
    expect(scoped[0]?.type === 'rooms' ? scoped[0].rooms.every((r) => r.site === 's1' && r.online) : false).toBe(true);
    // A resolved alert lowers the count and reaches only clients that see the room.
    events.emit('alert', { alert: alert(7, 'sc/v1/ke/s0/r0', 'resolved'), change: 'resolved' });
    expect(hub.alertCount('sc/v1/ke/s0/r0')).toBe(0);
    expect(all.some((m) => m.type === 'alert')).toBe(true);
    expect(scoped.some((m) => m.type === 'alert')).toBe(false);
    await hub.stop();
  });
});

describe('health history', () => {
  it('keeps the last N points per room, oldest first', () => {
    const h = new HealthHistory(3);
    for (let i = 1; i <= 5; i++) h.add('r', { ts: i, rssBytes: i * 10, outboxDepth: i, rttMs: i === 4 ? null : i });
    expect(h.points('r').map((p) => [p.ts, p.rttMs])).toEqual([
      [3, 3],
      [4, null],
      [5, 5],
    ]);
    expect(h.points('other')).toEqual([]);
  });
});

describe('analytics CSV', () => {
  it('writes one line per site and day, quoting and defusing what a spreadsheet would run', () => {
    const csv = analyticsCsv({
      from: 0,
      to: 1,
      rows: [
        { day: Date.UTC(2026, 10, 27), country: 'ke', site: 'uon', hoursTaught: 3.5, hoursRecorded: 1.25, classes: 4 },
        { day: Date.UTC(2026, 10, 28), country: 'ke', site: '=cmd', hoursTaught: 0, hoursRecorded: 0, classes: 0 },
      ],
      devices: [],
    });
    expect(csv.split('\r\n')).toEqual(['date,country,site,hours_taught,hours_recorded,classes', '2026-11-27,ke,uon,3.5,1.25,4', "2026-11-28,ke,'=cmd,0,0,0", '']);
  });
});

describe('room page timetable', () => {
  it('returns the slots not over yet, soonest first, and the session without them', () => {
    const now = Date.UTC(2026, 10, 30, 9, 0);
    const h = 3_600_000;
    const slots = [
      { start: now + 24 * h, end: now + 25 * h, course: 'Maths' },
      { start: now - 2 * h, end: now - h, course: 'Over' },
      { start: now - h / 2, end: now + h / 2, course: 'Physics 101', teacher: 'Dr Achieng' },
    ];
    expect(timetableDto(slots, now)).toEqual([
      { start: now - h / 2, end: now + h / 2, course: 'Physics 101', teacher: 'Dr Achieng' },
      { start: now + 24 * h, end: now + 25 * h, course: 'Maths' },
    ]);
    expect(timetableDto([], now)).toEqual([]);
    const session = { state: 'live' as const, since: now - h / 2, by: { kind: 'timetable' as const }, course: 'Physics 101', timetable: slots };
    expect(sessionDto(session)).toEqual({ state: 'live', since: now - h / 2, by: { kind: 'timetable' }, course: 'Physics 101' });
  });
});
