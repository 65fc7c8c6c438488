import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/event-bus.js';
import type { FleetEvents } from '../../src/fleet/events.js';
import { IngestPipeline } from '../../src/fleet/ingest/pipeline.js';
import { FleetMetrics } from '../../src/fleet/metrics.js';
import { SqliteStore } from '../../src/fleet/store/sqlite/sqlite-store.js';
import type { GapRecord } from '../../src/fleet/store/types.js';
import { tempDir, type TempDir } from '../helpers/index.js';
import { birthMsg, eventMsg, healthMsg, json, sessionMsg } from './fixtures.js';
import { silentLog } from './helpers.js';

const R = 'sc/v1/ke/uon/room-a';

describe('ingest: model, store, duplicates, gaps and clock skew', () => {
  let dir: TempDir;
  let store: SqliteStore;
  let pipeline: IngestPipeline;
  let metrics: FleetMetrics;
  let bus: EventBus<FleetEvents>;
  let clock: number;
  const gaps: GapRecord[] = [];

  const open = async (): Promise<void> => {
    store = new SqliteStore(`${dir.path}/fleet.db`);
    await store.start();
    metrics = new FleetMetrics();
    bus = new EventBus<FleetEvents>();
    bus.on('gap', ({ gap }) => void gaps.push(gap));
    pipeline = new IngestPipeline({ store, bus, log: silentLog, metrics, now: () => clock, flushMs: 5 });
    await pipeline.start();
  };
  const send = (kind: string, payload: unknown, root = R): void => pipeline.ingestor.handle(`${root}/${kind}`, Buffer.isBuffer(payload) ? payload : json(payload));
  const seqs = async (): Promise<number[]> => (await store.ingest.events({ root: R, limit: 1000 })).map((e) => e.seq).sort((a, b) => a - b);

  beforeEach(async () => {
    dir = tempDir('sc-fleet-ingest-');
    clock = Date.UTC(2026, 2, 2, 8, 0, 0);
    gaps.length = 0;
    const s = new SqliteStore(`${dir.path}/fleet.db`);
    await s.start();
    await s.rooms.addSite({ key: 'ke/uon', country: 'ke', site: 'uon', createdAt: clock });
    await s.rooms.addRoom({ root: R, country: 'ke', site: 'uon', room: 'room-a', createdAt: clock }, { username: 'ke.uon.room-a', root: R, hash: 'x', createdAt: clock });
    await s.stop();
    await open();
  });

  afterEach(async () => {
    await pipeline.stop();
    await store.stop();
    dir.remove();
  });

  it('stores a duplicated stream once, by (room, bdSeq, seq) and by event id', async () => {
    const events = Array.from({ length: 10 }, (_, i) => eventMsg(i + 1, { ts: clock }));
    for (const e of events) {
      send('event', e);
      send('event', e);
    }
    // same id, renumbered (a replay after an agent bug): still a duplicate
    send('event', { ...events[0], seq: 99 });
    await pipeline.writer.flush();
    expect(await seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(metrics.value('sc_fleet_events_duplicate_total')).toBe(11);
    expect(await store.ingest.openGaps()).toEqual([]);
  });

  it('detects a gap, and closes it when the missing events arrive out of order', async () => {
    for (const seq of [1, 2, 6]) send('event', eventMsg(seq, { ts: clock }));
    await pipeline.writer.flush();
    expect(gaps.map((g) => [g.fromSeq, g.toSeq])).toEqual([[3, 5]]);
    expect(await store.ingest.openGaps(R)).toEqual([{ root: R, bdSeq: 1, fromSeq: 3, toSeq: 5 }]);
    send('event', eventMsg(4, { ts: clock, historical: true }));
    await pipeline.writer.flush();
    expect((await store.ingest.openGaps(R)).map((g) => [g.fromSeq, g.toSeq])).toEqual([
      [3, 3],
      [5, 5],
    ]);
    send('event', eventMsg(5, { ts: clock, historical: true }));
    send('event', eventMsg(3, { ts: clock, historical: true }));
    send('event', eventMsg(7, { ts: clock }));
    await pipeline.writer.flush();
    expect(await store.ingest.openGaps(R)).toEqual([]);
    expect(await seqs()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(metrics.value('sc_fleet_events_gap_total')).toBe(3);
  });

  it('tracks sequences per connection: a new bdSeq starting again from 1 is not a gap', async () => {
    for (const seq of [1, 2, 3]) send('event', eventMsg(seq, { ts: clock }));
    for (const seq of [1, 2]) send('event', eventMsg(seq, { ts: clock, bdSeq: 2 }));
    await pipeline.writer.flush();
    expect(gaps).toEqual([]);
    expect((await store.ingest.events({ root: R, limit: 10 })).length).toBe(5);
  });

  it('estimates the agent clock skew and stores corrected timestamps', async () => {
    const skew = 90_000;
    // transit delays of 30, 5 and 120 ms: the estimate keeps the smallest
    for (const [i, transit] of [30, 5, 120].entries()) {
      clock += 1000;
      send('event', eventMsg(i + 1, { ts: clock - transit + skew }));
    }
    await pipeline.writer.flush();
    const room = pipeline.model.get(R);
    expect(room?.skewMs).toBe(skew - 5);
    const stored = await store.ingest.events({ root: R, limit: 10 });
    const last = stored.find((e) => e.seq === 3);
    expect(last?.agentTs).toBe(clock - 120 + skew);
    expect(last?.ts).toBe(clock - 120 + 5);
    // a replayed event (from the outbox) does not move the estimate
    send('event', eventMsg(4, { ts: clock - 3_600_000 + skew, historical: true }));
    expect(pipeline.model.get(R)?.skewMs).toBe(skew - 5);
  });

  it('drops malformed messages with a counted reason and keeps going', async () => {
    send('event', Buffer.from('{not json'));
    send('event', { id: 'short', seq: -1 });
    send('health', { ts: 'yesterday' });
    send('event', eventMsg(1), 'sc/v1/ke/uon/not-provisioned');
    pipeline.ingestor.handle('sc/v1/KE/uon/room-a/event', json(eventMsg(1)));
    pipeline.ingestor.handle(`${R}/whatever`, json({}));
    pipeline.ingestor.handle(`${R}/state`, json({ status: 'online' }));
    send('state/panel', { status: 'exploded' });
    send('event', Buffer.alloc(0));
    send('event', eventMsg(1, { ts: clock }));
    await pipeline.writer.flush();
    expect(await seqs()).toEqual([1]);
    expect(metrics.value('sc_fleet_messages_rejected_total', { reason: 'json' })).toBe(2);
    expect(metrics.value('sc_fleet_messages_rejected_total', { reason: 'schema' })).toBe(3);
    expect(metrics.value('sc_fleet_messages_rejected_total', { reason: 'unknown-room' })).toBe(1);
    expect(metrics.value('sc_fleet_messages_rejected_total', { reason: 'topic' })).toBe(3);
  });

  it('follows status, birth, device state and sessions, and keeps them across a restart', async () => {
    const roomEvents: string[] = [];
    bus.on('room', ({ change }) => void roomEvents.push(change));
    send('status', { online: true, bdSeq: 3, ts: clock });
    send('birth', birthMsg(3, clock));
    clock += 60_000;
    send('session', sessionMsg('live', clock));
    send('state/recorder', { status: 'online', recorder: { activity: 'recording' }, ts: clock });
    clock += 45 * 60_000;
    send('state/panel', { status: 'offline', reason: 'no reply', ts: clock });
    send('state/recorder', { status: 'online', recorder: { activity: 'idle' }, ts: clock });
    send('session', sessionMsg('idle', clock));
    send('health', healthMsg(clock));
    // a stale will from connection 2 does not mark connection 3 offline
    send('status', { online: false, bdSeq: 2, ts: clock });
    await pipeline.writer.flush();
    const room = pipeline.model.get(R);
    expect(room?.online).toBe(true);
    expect(room?.devices.get('panel')?.status).toBe('offline');
    expect(room?.devices.get('panel')?.driver).toBe('samsung-mdc');
    expect(roomEvents).toEqual(['online', 'birth']);
    const range = { from: 0, to: clock + 1 };
    const sessions = await store.ingest.sessions(range);
    expect(sessions.map((s) => (s.end ?? 0) - s.start)).toEqual([45 * 60_000]);
    const recordings = await store.ingest.recordings(range);
    expect(recordings.map((r) => [r.device, (r.end ?? 0) - r.start])).toEqual([['recorder', 45 * 60_000]]);
    const transitions = await store.ingest.transitions(range);
    expect(transitions.filter((t) => t.device === 'panel').map((t) => t.status)).toEqual(['online', 'offline']);

    // a retained state seen again (fleet restart, second worker) records nothing new
    send('state/panel', { status: 'offline', reason: 'no reply', ts: clock });
    send('session', sessionMsg('idle', clock));
    send('status', { online: false, bdSeq: 3, ts: clock });
    await pipeline.writer.flush();
    expect((await store.ingest.transitions(range)).filter((t) => t.device === 'panel')).toHaveLength(2);
    expect(await store.ingest.sessions(range)).toHaveLength(1);
    expect(pipeline.model.get(R)?.online).toBe(false);
    // an agent whose data directory was wiped starts counting connections again
    send('status', { online: true, bdSeq: 0, ts: clock });
    expect(pipeline.model.get(R)).toMatchObject({ online: true, bdSeq: 0 });
    send('status', { online: false, bdSeq: 0, ts: clock });
    await pipeline.writer.flush();

    await pipeline.stop();
    await store.stop();
    await open();
    const restored = pipeline.model.get(R);
    expect(restored?.birth?.version).toBe('0.1.0');
    expect(restored?.devices.get('panel')?.status).toBe('offline');
    expect(restored?.health?.uptimeS).toBe(100);
    expect(restored?.online).toBe(false);
  });

  it('keeps the latest timetable slots of a room, and none for an agent that sends none', async () => {
    const slots = [
      { start: clock + 3_600_000, end: clock + 7_200_000, course: 'Physics 101', teacher: 'Dr Achieng' },
      { start: clock + 86_400_000, end: clock + 90_000_000 },
    ];
    send('session', { ...sessionMsg('idle', clock), timetable: slots });
    expect(pipeline.model.get(R)?.timetable).toEqual(slots);
    // The same session again with the next slots changed: the model follows, no new class is recorded.
    send('session', { ...sessionMsg('idle', clock), timetable: slots.slice(1) });
    expect(pipeline.model.get(R)?.timetable).toEqual(slots.slice(1));
    await pipeline.writer.flush();
    // The slots come back with the stored session after a restart.
    await pipeline.stop();
    await store.stop();
    await open();
    expect(pipeline.model.get(R)?.timetable).toEqual(slots.slice(1));
    // An older agent's session has no timetable: nothing to show.
    send('session', sessionMsg('idle', clock));
    expect(pipeline.model.get(R)?.timetable).toBeUndefined();
    expect(metrics.value('sc_fleet_messages_rejected_total', { reason: 'schema' })).toBe(0);
  });

  it('removes events older than the retention period', async () => {
    send('event', eventMsg(1, { ts: clock - 40 * 86_400_000, historical: true }));
    send('event', eventMsg(2, { ts: clock }));
    await pipeline.writer.flush();
    expect(await store.ingest.prune(clock - 30 * 86_400_000)).toBe(1);
    expect(await seqs()).toEqual([2]);
  });
});
