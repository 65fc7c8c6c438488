import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareMessages, createI18n, type Messages } from '../../src/ui/shared/i18n.js';
import type { AlertDto, RoomSummaryDto } from '../../src/ui/dashboard/api/types.js';
import { ALPHA2_TO_NUMERIC } from '../../src/ui/dashboard/geo/iso-numeric.js';
import { aggregate, byUrgency } from '../../src/ui/dashboard/model/aggregate.js';
import { daySeries, totalsBy } from '../../src/ui/dashboard/model/analytics.js';
import { roomLevel, worst } from '../../src/ui/dashboard/model/levels.js';
import { nextClasses } from '../../src/ui/dashboard/model/timetable.js';
import { href, parseRoute } from '../../src/ui/dashboard/router.js';
import { FleetState } from '../../src/ui/dashboard/state/fleet-state.js';

const ROOT = join(import.meta.dirname, '..', '..');

function room(over: Partial<RoomSummaryDto> & { root: string }): RoomSummaryDto {
  const [, , country = '', site = '', r = ''] = over.root.split('/');
  return { country, site, room: r, online: true, lastSeen: 1, session: 'idle', recording: false, devices: 4, devicesOffline: 0, devicesDegraded: 0, alerts: 0, ...over };
}

describe('worst-state colouring', () => {
  it('ranks a room by what is wrong with it', () => {
    expect(roomLevel(room({ root: 'sc/v1/ke/a/r1' }))).toBe('ok');
    expect(roomLevel(room({ root: 'sc/v1/ke/a/r1', devicesOffline: 1 }))).toBe('degraded');
    expect(roomLevel(room({ root: 'sc/v1/ke/a/r1', session: 'degraded' }))).toBe('degraded');
    expect(roomLevel(room({ root: 'sc/v1/ke/a/r1', alerts: 2 }))).toBe('degraded');
    expect(roomLevel(room({ root: 'sc/v1/ke/a/r1', online: false }))).toBe('offline');
    // Provisioned but never connected is not an outage.
    expect(roomLevel(room({ root: 'sc/v1/ke/a/r1', online: false, lastSeen: 0 }))).toBe('unknown');
  });

  it('colours a country by its worst room, whatever the order', () => {
    expect(worst(['ok', 'degraded', 'ok'])).toBe('degraded');
    expect(worst(['offline', 'degraded', 'unknown'])).toBe('offline');
    expect(worst(['ok', 'unknown'])).toBe('unknown');
    expect(worst([])).toBe('ok');
  });
});

describe('aggregation', () => {
  const rooms = [
    room({ root: 'sc/v1/ke/uon/r1', session: 'live', recording: true }),
    room({ root: 'sc/v1/ke/uon/r2', session: 'live', recording: false, alerts: 1 }),
    room({ root: 'sc/v1/ke/ku/r1', online: false, session: 'live', recording: true }),
    room({ root: 'sc/v1/mn/num/r1', session: 'starting' }),
    room({ root: 'sc/v1/mn/num/r2' }),
  ];

  it('counts rooms online, classes live, recordings running and alerts per fleet, country and site', () => {
    const a = aggregate(rooms);
    // An offline room's last known session and recorder do not count as live now.
    expect(a.total).toEqual({ rooms: 5, online: 4, live: 3, recording: 1, alerts: 1, level: 'offline' });
    expect(a.countries.get('ke')).toEqual({ rooms: 3, online: 2, live: 2, recording: 1, alerts: 1, level: 'offline' });
    expect(a.countries.get('mn')?.level).toBe('ok');
    expect(a.sites.get('ke/uon')).toEqual({ rooms: 2, online: 2, live: 2, recording: 1, alerts: 1, level: 'degraded' });
    expect(a.sites.get('ke/ku')?.level).toBe('offline');
  });

  it('sorts worst first, then by name', () => {
    const sorted = byUrgency([...rooms], roomLevel, (r) => r.root).map((r) => r.root);
    expect(sorted).toEqual(['sc/v1/ke/ku/r1', 'sc/v1/ke/uon/r2', 'sc/v1/ke/uon/r1', 'sc/v1/mn/num/r1', 'sc/v1/mn/num/r2']);
  });

  it('stays fast for ten thousand rooms (one pass, no per-room work beyond counting)', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => room({ root: `sc/v1/c${i % 17}/s${i % 90}/r${i}`, online: i % 50 !== 0 }));
    const a = aggregate(many);
    expect(a.total.rooms).toBe(10_000);
    expect(a.total.online).toBe(10_000 - 200);
    expect(a.countries.size).toBe(17);
  });
});

describe('live state', () => {
  const alert = (id: number, root: string, state: AlertDto['state'], at: number): AlertDto => ({
    id, root, device: '', kind: 'room-offline', severity: 'critical', state, message: 'm', openedAt: at, lastRaisedAt: at, count: 1,
  });

  it('batches a burst of updates into one notification', () => {
    const flushes: (() => void)[] = [];
    const state = new FleetState((f) => flushes.push(f));
    let heard = 0;
    state.subscribe(() => heard++);
    state.load([room({ root: 'sc/v1/ke/a/r1' })], [], []);
    for (let i = 0; i < 1000; i++) state.apply({ type: 'rooms', rooms: [room({ root: `sc/v1/ke/a/r${i}` })] });
    expect(flushes).toHaveLength(1);
    flushes.shift()?.();
    expect(heard).toBe(1);
    expect(state.rooms.size).toBe(1000);
    expect(state.aggregates.total.rooms).toBe(1000);
  });

  it('keeps active alerts newest first, drops resolved ones, filters by country and site', () => {
    const state = new FleetState((f) => f());
    state.load([], [], [alert(1, 'sc/v1/ke/uon/r1', 'open', 10), alert(2, 'sc/v1/mn/num/r1', 'acknowledged', 30), alert(3, 'sc/v1/ke/ku/r1', 'open', 20)]);
    expect(state.alertList().map((a) => a.id)).toEqual([2, 3, 1]);
    expect(state.alertList({ country: 'ke' }).map((a) => a.id)).toEqual([3, 1]);
    expect(state.alertList({ country: 'ke', site: 'uon' }).map((a) => a.id)).toEqual([1]);
    state.apply({ type: 'alert', alert: alert(3, 'sc/v1/ke/ku/r1', 'resolved', 20), change: 'resolved' });
    expect(state.alertList().map((a) => a.id)).toEqual([2, 1]);
  });

  it('keeps events, health and commands only for the room that is open', () => {
    const state = new FleetState((f) => f());
    state.setFocus({ root: 'sc/v1/ke/a/r1', events: [], health: [], commands: [] });
    state.apply({ type: 'event', event: { root: 'sc/v1/ke/a/r2', id: 'x', ts: 1, type: 't', historical: false } });
    state.apply({ type: 'event', event: { root: 'sc/v1/ke/a/r1', id: 'y', ts: 2, type: 't', historical: false } });
    state.apply({ type: 'health', root: 'sc/v1/ke/a/r1', point: { ts: 3, rssBytes: 1, outboxDepth: 0, rttMs: null } });
    state.apply({ type: 'command', command: { id: 5, at: 4, user: 'u', action: 'session.end', root: 'sc/v1/ke/a/r1', result: 'pending' } });
    state.apply({ type: 'command', command: { id: 5, at: 4, user: 'u', action: 'session.end', root: 'sc/v1/ke/a/r1', result: 'ok' } });
    expect(state.focus?.events.map((e) => e.id)).toEqual(['y']);
    expect(state.focus?.health).toHaveLength(1);
    expect(state.focus?.commands.map((c) => c.result)).toEqual(['ok']);
  });
});

describe('routes', () => {
  it('round-trips every page and refuses malformed ids', () => {
    for (const r of [
      { page: 'overview' },
      { page: 'country', country: 'ke' },
      { page: 'site', country: 'ke', site: 'uon' },
      { page: 'room', country: 'ke', site: 'uon', room: 'lab-1' },
      { page: 'alerts', country: 'ke' },
      { page: 'analytics' },
    ] as const) {
      expect(parseRoute(href(r))).toEqual(r);
    }
    expect(parseRoute('#/r/ke/../x')).toEqual({ page: 'overview' });
    expect(parseRoute('#/c/<script>')).toEqual({ page: 'overview' });
  });
});

describe('analytics view model', () => {
  const DAY = 86_400_000;
  const rows = [
    { day: 0, country: 'ke', site: 'uon', hoursTaught: 3, hoursRecorded: 1, classes: 2 },
    { day: DAY, country: 'ke', site: 'ku', hoursTaught: 2, hoursRecorded: 2, classes: 1 },
    { day: 2 * DAY, country: 'mn', site: 'num', hoursTaught: 5, hoursRecorded: 0, classes: 3 },
  ];

  it('fills every day of the range, zeros included', () => {
    const s = daySeries(rows, 0, 4 * DAY, (r) => r.country === 'ke');
    expect(s.xs).toEqual([0, 86_400, 172_800, 259_200]);
    expect(s.taught).toEqual([3, 2, 0, 0]);
    expect(s.recorded).toEqual([1, 2, 0, 0]);
  });

  it('totals per country and per site, most taught first', () => {
    expect(totalsBy(rows, 'country').map((t) => [t.key, t.hoursTaught, t.classes])).toEqual([
      ['ke', 5, 3],
      ['mn', 5, 3],
    ]);
    expect(totalsBy(rows, 'site').map((t) => t.key)).toEqual(['mn/num', 'ke/uon', 'ke/ku']);
  });
});

describe('bundled geodata and languages', () => {
  it('maps every alpha-2 code to a country world-atlas draws', () => {
    const world = JSON.parse(readFileSync(join(ROOT, 'node_modules/world-atlas/countries-110m.json'), 'utf8')) as { objects: { countries: { geometries: { id: string }[] } } };
    const ids = new Set(world.objects.countries.geometries.map((g) => g.id));
    const missing = Object.entries(ALPHA2_TO_NUMERIC).filter(([, n]) => !ids.has(n));
    expect(missing).toEqual([]);
    // The programme's countries used by the demo are all there.
    for (const c of ['ke', 'et', 'ng', 'gh', 'tz', 'zm', 'sn', 'eg', 'ma', 'mn', 'kz', 'uz', 'kg', 'tj', 'pk', 'rw', 'ug']) expect(ALPHA2_TO_NUMERIC[c]).toBeDefined();
  });

  it('has every English message in French and Chinese, and the plurals work', () => {
    const load = (lang: string) => JSON.parse(readFileSync(join(ROOT, 'src/ui/dashboard/messages', `${lang}.json`), 'utf8')) as Messages;
    const en = load('en');
    for (const lang of ['fr', 'zh']) expect(compareMessages(en, load(lang))).toEqual({ missing: [], extra: [] });
    const fr = createI18n('fr', load('fr'), en);
    expect(fr.t('alerts.count', { count: 1 })).toBe('1 alerte');
    expect(fr.t('alerts.count', { count: 3 })).toBe('3 alertes');
    const zh = createI18n('zh', load('zh'), en);
    expect(zh.t('alerts.count', { count: 3 })).toBe('3 条告警');
  });

  it('uses no message key in the code that English lacks', () => {
    const en = JSON.parse(readFileSync(join(ROOT, 'src/ui/dashboard/messages/en.json'), 'utf8')) as Messages;
    const files = ['app.tsx', 'views/overview.tsx', 'views/places.tsx', 'views/room-page.tsx', 'views/room-actions.tsx', 'views/room-list.tsx', 'views/alerts.tsx', 'views/analytics.tsx', 'views/login.tsx', 'views/room-health.tsx', 'components/bits.tsx', 'views/world-map.tsx'];
    const used = new Set<string>();
    for (const f of files) {
      const text = readFileSync(join(ROOT, 'src/ui/dashboard', f), 'utf8');
      for (const m of text.matchAll(/\bt\('([a-zA-Z.-]+)'/g)) used.add(m[1] ?? '');
    }
    const plural = (k: string) => en[`${k}_one`] !== undefined && en[`${k}_other`] !== undefined;
    expect([...used].filter((k) => en[k] === undefined && !plural(k))).toEqual([]);
  });
});

describe('next classes on the room page', () => {
  it('lists the slots not over yet, soonest first, with day and times formatted by Intl in the room time zone', () => {
    const en = JSON.parse(readFileSync(join(ROOT, 'src/ui/dashboard/messages/en.json'), 'utf8')) as Messages;
    const i18n = createI18n('en', en, en);
    // Monday 30 November 2026, 09:00 in Nairobi (UTC+3).
    const now = Date.UTC(2026, 10, 30, 6, 0);
    const h = 3_600_000;
    const slots = [
      { start: now + 24 * h, end: now + 25.5 * h, course: 'Maths' },
      { start: now - 2 * h, end: now - h, course: 'Over' },
      { start: now - h / 2, end: now + h / 2, course: 'Physics 101', teacher: 'Dr Achieng' },
    ];
    const next = nextClasses(slots, now, i18n, 'Africa/Nairobi');
    expect(next.map((c) => [c.course, c.running])).toEqual([
      ['Physics 101', true],
      ['Maths', false],
    ]);
    expect(next[0]?.when).toBe(new Intl.DateTimeFormat('en', { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Africa/Nairobi' }).format(now - h / 2));
    expect(next[0]?.when).toMatch(/Mon/);
    expect(next[0]?.when).toMatch(/08:30/);
    expect(next[1]?.when).toMatch(/Tue/);
    expect(next[1]?.until).toMatch(/10:30/);
    expect(nextClasses(slots, now, i18n, undefined, 1)).toHaveLength(1);
    expect(nextClasses([], now, i18n)).toEqual([]);
    const fr = createI18n('fr', JSON.parse(readFileSync(join(ROOT, 'src/ui/dashboard/messages/fr.json'), 'utf8')) as Messages, en);
    expect(fr.t('room.nextClasses')).toBe('Prochains cours');
    expect(nextClasses(slots, now, fr, 'Africa/Nairobi')[1]?.when).toMatch(/mar/);
  });
});
