import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { parseCalendar, slotsBetween } from '../../src/agent/timetable/ical.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { zonedToUtc } from '../../src/agent/timetable/zoned.js';
import { tempDir } from '../helpers/index.js';
import { loadRoom, makeAgent, record } from './helpers.js';

const BERLIN_TZ = `BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE`;

/** Mondays 09:00-10:30 Berlin time, every week, across the March 2025 change to summer time. */
const WEEKLY = `BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//timetable//EN
${BERLIN_TZ}
BEGIN:VEVENT
UID:csc101@uni.example
DTSTART;TZID=Europe/Berlin:20250317T090000
DTEND;TZID=Europe/Berlin:20250317T103000
RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6
SUMMARY:CSC 101 Programming
ORGANIZER;CN=Dr. Amina Otieno:mailto:otieno@uni.example
LOCATION:Lecture Hall 1
END:VEVENT
BEGIN:VEVENT
UID:night@uni.example
DTSTART;TZID=Europe/Berlin:20251026T013000
DTEND;TZID=Europe/Berlin:20251026T033000
SUMMARY:Night exam across the change back to winter time
END:VEVENT
BEGIN:VEVENT
UID:cancelled@uni.example
DTSTART;TZID=Europe/Berlin:20250318T090000
DTEND;TZID=Europe/Berlin:20250318T100000
STATUS:CANCELLED
SUMMARY:Cancelled
END:VEVENT
END:VCALENDAR
`;

const MIN = 60_000;
const berlin = (y: number, mo: number, d: number, h: number, mi = 0): number => zonedToUtc({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }, 'Europe/Berlin');

function roomWith(file: string, extra = ''): string {
  return `schemaVersion: 1
room: { id: tt-room, country: de, site: test, timezone: Europe/Berlin }
devices: []
scenes:
  start-class: { steps: [ { action: wait, args: { ms: 1 } } ] }
  end-class: { steps: [ { action: wait, args: { ms: 1 } } ] }
timetable:
  file: ${file}
  leadMinutes: 5
  graceMinutes: 10
${extra}`;
}

/** Wall time the test sets by hand; timers stay real. */
function settableClock(t: number): Clock & { t: number } {
  const clock = { t, now: () => clock.t, after: systemClock.after, every: systemClock.every };
  return clock;
}

describe('iCal expansion', () => {
  it('keeps a weekly class at 09:00 local time on both sides of a DST change, and skips cancelled events', () => {
    const cal = parseCalendar(WEEKLY, 'test', 'Africa/Nairobi');
    const slots = slotsBetween(cal, Date.UTC(2025, 2, 23), Date.UTC(2025, 3, 1));
    expect(slots.map((s) => new Date(s.start).toISOString())).toEqual(['2025-03-24T08:00:00.000Z', '2025-03-31T07:00:00.000Z']);
    expect(slots[0]).toMatchObject({ course: 'CSC 101 Programming', teacher: 'Dr. Amina Otieno', location: 'Lecture Hall 1', uid: 'csc101@uni.example' });
    // The night exam spans the repeated hour: 01:30 CEST to 03:30 CET is three hours.
    const night = slotsBetween(cal, Date.UTC(2025, 9, 25), Date.UTC(2025, 9, 27));
    expect(night).toHaveLength(1);
    expect((night[0]!.end - night[0]!.start) / 3_600_000).toBe(3);
  });

  it('resolves a TZID without VTIMEZONE through the IANA database, and floating times in the room zone', () => {
    const text = `BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:ny\nDTSTART;TZID=America/New_York:20250310T090000\nDTEND;TZID=America/New_York:20250310T100000\nEND:VEVENT\nBEGIN:VEVENT\nUID:floating\nDTSTART:20250310T090000\nDTEND:20250310T100000\nEND:VEVENT\nEND:VCALENDAR\n`;
    const slots = slotsBetween(parseCalendar(text, 'test', 'Africa/Nairobi'), Date.UTC(2025, 2, 9), Date.UTC(2025, 2, 12));
    expect(Object.fromEntries(slots.map((s) => [s.uid, new Date(s.start).toISOString()]))).toEqual({ ny: '2025-03-10T13:00:00.000Z', floating: '2025-03-10T06:00:00.000Z' });
  });

  it('refuses a file that is not iCal with a coded error', () => {
    expect(() => parseCalendar('hello', 'feed.ics', 'UTC')).toThrow(expect.objectContaining({ code: 'SC_ERR_TIMETABLE_PARSE' }));
  });
});

describe('timetable scheduler with an injected clock', () => {
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
  });

  async function boot(now: number, extra = ''): Promise<{ clock: { t: number; now(): number }; dir: string }> {
    const dir = tempDir('sc-tt-').path;
    const file = join(dir, 'timetable.ics');
    writeFileSync(file, WEEKLY);
    const clock = settableClock(now);
    agent = makeAgent(loadRoom(roomWith(file, extra)), { clock, dataDir: dir, tuning: { timetableTickMs: 3_600_000 } });
    await agent.start();
    return { clock, dir };
  }

  /** Moves the clock minute by minute (as the real ticks would see it) and ticks each time. */
  async function walk(clock: { t: number }, to: number, stepMs = MIN): Promise<void> {
    while (clock.t < to) {
      clock.t = Math.min(to, clock.t + stepMs);
      await agent!.timetable!.tick();
    }
  }

  it('starts the lead time before the slot and ends the grace after it, once, in summer time too', async () => {
    const { clock } = await boot(berlin(2025, 3, 31, 8, 0));
    const sessions = record(agent!, 'session');
    await walk(clock, berlin(2025, 3, 31, 8, 54));
    expect(sessions).toHaveLength(0);
    await walk(clock, berlin(2025, 3, 31, 8, 55));
    expect(sessions.map((s) => s.state)).toEqual(['starting', 'live']);
    expect(sessions[1]).toMatchObject({ by: { kind: 'timetable' }, course: 'CSC 101 Programming', teacher: 'Dr. Amina Otieno' });
    expect(agent!.controller.snapshot().upcoming[0]).toMatchObject({ uid: 'csc101@uni.example', start: berlin(2025, 3, 31, 9) });
    await walk(clock, berlin(2025, 3, 31, 10, 39));
    expect(sessions).toHaveLength(2);
    await walk(clock, berlin(2025, 3, 31, 12, 0));
    expect(sessions.map((s) => s.state)).toEqual(['starting', 'live', 'ending', 'idle']);
    expect(sessions[2]!.since).toBe(berlin(2025, 3, 31, 10, 40));
  });

  it('does not start a class twice when the clock is set back, nor after a restart', async () => {
    const { clock, dir } = await boot(berlin(2025, 3, 24, 8, 50));
    const sessions = record(agent!, 'session');
    await walk(clock, berlin(2025, 3, 24, 11, 0));
    expect(sessions.map((s) => s.state)).toEqual(['starting', 'live', 'ending', 'idle']);
    // NTP corrects the clock back by two hours: the slot is due again by the clock, but it was done.
    clock.t = berlin(2025, 3, 24, 9, 0);
    await walk(clock, berlin(2025, 3, 24, 11, 0));
    expect(sessions).toHaveLength(4);
    // A restart during the slot does not start it again either (the handled slots are on disk).
    await agent!.stop();
    const file = join(dir, 'timetable.ics');
    const clock2 = settableClock(berlin(2025, 3, 24, 9, 30));
    agent = makeAgent(loadRoom(roomWith(file)), { clock: clock2, dataDir: dir, tuning: { timetableTickMs: 3_600_000 } });
    await agent.start();
    expect(agent.controller.snapshot().session.state).toBe('idle');
  });

  it('skips a slot the clock jumped over, and starts one the clock jumped into', async () => {
    const { clock } = await boot(berlin(2025, 3, 24, 7, 0));
    const sessions = record(agent!, 'session');
    clock.t = berlin(2025, 3, 24, 12, 0);
    await agent!.timetable!.tick();
    expect(sessions).toHaveLength(0);
    clock.t = berlin(2025, 3, 31, 9, 45);
    await agent!.timetable!.tick();
    expect(sessions.map((s) => s.state)).toEqual(['starting', 'live']);
  });

  it('starts and ends a class that spans the hour repeated by the change back to winter time exactly once', async () => {
    const { clock } = await boot(berlin(2025, 10, 26, 0, 0));
    const sessions = record(agent!, 'session');
    await walk(clock, berlin(2025, 10, 26, 5, 0));
    expect(sessions.map((s) => s.state)).toEqual(['starting', 'live', 'ending', 'idle']);
    // 01:25 CEST to 03:40 CET: 3 h 15 min of real time.
    expect(sessions[2]!.since - sessions[0]!.since).toBe(3 * 3_600_000 + 15 * MIN);
  });

  it('does not restart a class the teacher ended early, and ends a hand-started class that overruns its slot', async () => {
    const { clock } = await boot(berlin(2025, 3, 24, 8, 56));
    const sessions = record(agent!, 'session');
    expect(agent!.controller.snapshot().session.state).toBe('live');
    await agent!.controller.endSession({ kind: 'wall-panel' });
    await walk(clock, berlin(2025, 3, 24, 10, 0));
    expect(sessions.map((s) => s.state)).toEqual(['ending', 'idle']);
    // The next week a teacher starts by hand during the slot: the slot is attached, and it ends after the grace.
    clock.t = berlin(2025, 3, 31, 9, 10);
    await agent!.controller.startSession({ kind: 'wall-panel', name: 'Dr. Otieno' });
    await agent!.timetable!.tick();
    expect(agent!.controller.snapshot().session).toMatchObject({ state: 'live', course: 'CSC 101 Programming', slot: { start: berlin(2025, 3, 31, 9) } });
    await walk(clock, berlin(2025, 3, 31, 10, 45));
    expect(sessions.slice(-2).map((s) => [s.state, s.by.kind])).toEqual([
      ['ending', 'timetable'],
      ['idle', 'timetable'],
    ]);
  });
});

describe('timetable feed over HTTP', () => {
  let server: Server | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    await agent?.stop();
    agent = undefined;
    await new Promise((r) => (server === undefined ? r(undefined) : server.close(r)));
    server = undefined;
  });

  it('caches the feed on disk and uses the cache while the feed is down', async () => {
    let up = true;
    server = createServer((_req, res) => {
      if (!up) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/calendar' }).end(WEEKLY);
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const dir = tempDir('sc-feed-').path;
    const text = roomWith('x').replace('  file: x', `  url: http://127.0.0.1:${port}/room.ics`);
    const clock = settableClock(berlin(2025, 3, 23, 12));
    agent = makeAgent(loadRoom(text), { clock, dataDir: dir, tuning: { timetableTickMs: 3_600_000 } });
    await agent.start();
    expect(agent.timetable!.snapshot().loadedFrom).toBe('network');
    expect(agent.timetable!.snapshot().upcoming[0]?.uid).toBe('csc101@uni.example');
    up = false;
    await agent.timetable!.refresh();
    const snap = agent.timetable!.snapshot();
    expect(snap.loadedFrom).toBe('cache');
    expect(snap.error?.code).toBe('SC_ERR_TIMETABLE_FETCH');
    expect(snap.upcoming.map((s) => new Date(s.start).toISOString())).toEqual(['2025-03-24T08:00:00.000Z', '2025-03-31T07:00:00.000Z']);
    // A restart with the feed still down starts from the cache.
    await agent.stop();
    agent = makeAgent(loadRoom(text), { clock, dataDir: dir, tuning: { timetableTickMs: 3_600_000 } });
    await agent.start();
    expect(agent.timetable!.snapshot().loadedFrom).toBe('cache');
    expect(agent.timetable!.snapshot().upcoming[0]?.course).toBe('CSC 101 Programming');
    const api = (await agent.app.inject({ method: 'GET', url: '/api/timetable' })).json<{ configured: boolean; loadedFrom: string }>();
    expect(api).toMatchObject({ configured: true, loadedFrom: 'cache' });
  });
});
