import type { Statement, Transaction } from 'better-sqlite3';
import type { BirthMessage, DeviceStateMessage, HealthMessage, SessionMessage } from '../../../contract/mqtt/index.js';
import type { BatchResult, EventQuery, IngestRepo } from '../store.js';
import type { DeviceSnapshot, DeviceStatus, DeviceTransition, IngestBatch, Interval, RoomSnapshot, StoredEvent, TimeRange } from '../types.js';
import { fromJson, toJson, type Db } from './db.js';

interface EventRow {
  root: string;
  id: string;
  bd_seq: number;
  seq: number;
  ts: number;
  agent_ts: number;
  received_at: number;
  type: string;
  device: string | null;
  historical: number;
  data: string | null;
}

function eventOf(r: EventRow): StoredEvent {
  const data = fromJson<Record<string, unknown>>(r.data);
  return {
    root: r.root,
    id: r.id,
    bdSeq: r.bd_seq,
    seq: r.seq,
    ts: r.ts,
    agentTs: r.agent_ts,
    receivedAt: r.received_at,
    type: r.type,
    ...(r.device === null ? {} : { device: r.device }),
    historical: r.historical === 1,
    ...(data === undefined ? {} : { data }),
  };
}

/** Ingest writes: prepared once, run in one transaction per batch. */
export class SqliteIngestRepo implements IngestRepo {
  private readonly insertEvent: Statement;
  private readonly upsertRoom: Statement;
  private readonly deviceStatus: Statement;
  private readonly upsertDevice: Statement;
  private readonly insertTransition: Statement;
  private readonly openSession: Statement;
  private readonly closeSession: Statement;
  private readonly openRecording: Statement;
  private readonly closeRecording: Statement;
  private readonly getHigh: Statement;
  private readonly setHigh: Statement;
  private readonly insertGap: Statement;
  private readonly findGap: Statement;
  private readonly deleteGap: Statement;
  private readonly writeTx: Transaction<(batch: IngestBatch) => BatchResult>;
  private readonly dataVersion: Statement;
  /**
   * High-water marks known to this connection. Valid while no other connection (another fleet
   * worker on the same file) committed since our last transaction: `PRAGMA data_version` tells.
   */
  private readonly highs = new Map<string, number>();
  private lastVersion = -1;
  /** High-water marks raised by the batch being written, stored at its end. */
  private readonly raised = new Map<string, number>();

  constructor(private readonly db: Db) {
    this.insertEvent = db.prepare(
      'INSERT OR IGNORE INTO events (root, id, bd_seq, seq, ts, agent_ts, received_at, type, device, historical, data) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
    );
    this.upsertRoom = db.prepare(
      `INSERT INTO room_state (root, online, bd_seq, last_seen, version, skew_ms, birth, session, health) VALUES (?,?,?,?,?,?,?,?,?)
       ON CONFLICT (root) DO UPDATE SET online = excluded.online, bd_seq = excluded.bd_seq, last_seen = max(last_seen, excluded.last_seen),
       version = coalesce(excluded.version, version), skew_ms = excluded.skew_ms, birth = coalesce(excluded.birth, birth),
       session = coalesce(excluded.session, session), health = coalesce(excluded.health, health)`,
    );
    this.deviceStatus = db.prepare('SELECT status FROM device_state WHERE root = ? AND device = ?').pluck();
    this.upsertDevice = db.prepare(
      `INSERT INTO device_state (root, device, status, state, since, updated_at) VALUES (?,?,?,?,?,?)
       ON CONFLICT (root, device) DO UPDATE SET status = excluded.status, state = excluded.state,
       since = CASE WHEN status = excluded.status THEN since ELSE excluded.since END, updated_at = excluded.updated_at`,
    );
    this.insertTransition = db.prepare('INSERT INTO device_transitions (root, device, status, at) VALUES (?,?,?,?)');
    this.openSession = db.prepare(
      `INSERT INTO class_sessions (root, start, scene, by) SELECT @root, @at, @scene, @by
       WHERE NOT EXISTS (SELECT 1 FROM class_sessions WHERE root = @root AND (end IS NULL OR end > @at))`,
    );
    this.closeSession = db.prepare('UPDATE class_sessions SET end = max(start, ?) WHERE root = ? AND end IS NULL');
    this.openRecording = db.prepare(
      `INSERT INTO recordings (root, device, start) SELECT @root, @device, @at
       WHERE NOT EXISTS (SELECT 1 FROM recordings WHERE root = @root AND device = @device AND (end IS NULL OR end > @at))`,
    );
    this.closeRecording = db.prepare('UPDATE recordings SET end = max(start, ?) WHERE root = ? AND device = ? AND end IS NULL');
    this.getHigh = db.prepare('SELECT high FROM seq_state WHERE root = ? AND bd_seq = ?').pluck();
    this.setHigh = db.prepare('INSERT INTO seq_state (root, bd_seq, high) VALUES (?,?,?) ON CONFLICT (root, bd_seq) DO UPDATE SET high = max(high, excluded.high)');
    this.insertGap = db.prepare('INSERT INTO gaps (root, bd_seq, from_seq, to_seq, detected_at) VALUES (?,?,?,?,?)');
    this.findGap = db.prepare('SELECT pk, from_seq, to_seq, detected_at FROM gaps WHERE root = ? AND bd_seq = ? AND from_seq <= ? AND to_seq >= ?');
    this.deleteGap = db.prepare('DELETE FROM gaps WHERE pk = ?');
    this.writeTx = db.transaction((batch: IngestBatch) => this.apply(batch));
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
  }

  async write(batch: IngestBatch): Promise<BatchResult> {
    // IMMEDIATE: several fleet processes on one file serialise here instead of failing at commit.
    return this.writeTx.immediate(batch);
  }

  private apply(b: IngestBatch): BatchResult {
    const version = this.dataVersion.get() as number;
    if (version !== this.lastVersion || this.highs.size > 100_000) this.highs.clear();
    this.lastVersion = version;
    const result: BatchResult = { inserted: 0, duplicates: 0, gaps: [], filled: 0, transitions: [] };
    this.raised.clear();
    for (const e of b.events) {
      const info = this.insertEvent.run(e.root, e.id, e.bdSeq, e.seq, e.ts, e.agentTs, e.receivedAt, e.type, e.device ?? null, e.historical ? 1 : 0, toJson(e.data));
      if (info.changes === 0) {
        result.duplicates++;
        continue;
      }
      result.inserted++;
      this.track(e, result);
    }
    // One write per (room, bdSeq) and batch, not one per event.
    for (const [key, high] of this.raised) {
      const [root = '', bdSeq = '0'] = key.split('\u0000');
      this.setHigh.run(root, Number(bdSeq), high);
    }
    for (const r of b.rooms) {
      this.upsertRoom.run(r.root, r.online ? 1 : 0, r.bdSeq, r.lastSeen, r.version ?? null, Math.round(r.skewMs), toJson(r.birth), toJson(r.session), toJson(r.health));
    }
    for (const d of b.devices) {
      const before = this.deviceStatus.get(d.root, d.device) as string | undefined;
      if (before !== d.status) {
        this.insertTransition.run(d.root, d.device, d.status, d.since);
        result.transitions.push({ root: d.root, device: d.device, status: d.status, at: d.since });
      }
      this.upsertDevice.run(d.root, d.device, d.status, JSON.stringify(d.state), d.since, d.updatedAt);
    }
    for (const s of b.sessions) {
      if (s.op === 'start') this.openSession.run({ root: s.root, at: s.at, scene: s.scene ?? null, by: s.by ?? null });
      else this.closeSession.run(s.at, s.root);
    }
    for (const r of b.recordings) {
      if (r.op === 'start') this.openRecording.run({ root: r.root, device: r.device ?? '', at: r.at });
      else this.closeRecording.run(r.at, r.root, r.device ?? '');
    }
    return result;
  }

  /**
   * Sequence tracking per (room, bdSeq), against the stored high-water mark: a jump records
   * the missing range, a new event below the mark closes its place in a gap.
   */
  private track(e: StoredEvent, result: BatchResult): void {
    const key = `${e.root}\u0000${e.bdSeq}`;
    const high = this.highs.get(key) ?? (this.getHigh.get(e.root, e.bdSeq) as number | undefined);
    if (high === undefined || e.seq > high) {
      this.raised.set(key, e.seq);
      this.highs.set(key, e.seq);
    } else this.highs.set(key, high);
    if (high === undefined || e.seq === high + 1) return;
    if (e.seq > high + 1) {
      const gap = { root: e.root, bdSeq: e.bdSeq, fromSeq: high + 1, toSeq: e.seq - 1, detectedAt: e.receivedAt };
      this.insertGap.run(gap.root, gap.bdSeq, gap.fromSeq, gap.toSeq, gap.detectedAt);
      result.gaps.push(gap);
      return;
    }
    if (this.fill(e.root, e.bdSeq, e.seq)) result.filled++;
  }

  /** A late event splits the gap range that held its seq. */
  private fill(root: string, bdSeq: number, seq: number): boolean {
    const gap = this.findGap.get(root, bdSeq, seq, seq) as { pk: number; from_seq: number; to_seq: number; detected_at: number } | undefined;
    if (gap === undefined) return false;
    this.deleteGap.run(gap.pk);
    if (gap.from_seq <= seq - 1) this.insertGap.run(root, bdSeq, gap.from_seq, seq - 1, gap.detected_at);
    if (seq + 1 <= gap.to_seq) this.insertGap.run(root, bdSeq, seq + 1, gap.to_seq, gap.detected_at);
    return true;
  }

  async loadSnapshots(): Promise<{ rooms: RoomSnapshot[]; devices: DeviceSnapshot[] }> {
    const rooms = (this.db.prepare('SELECT * FROM room_state').all() as Record<string, unknown>[]).map((r) => {
      const birth = fromJson<BirthMessage>(r.birth);
      const session = fromJson<SessionMessage>(r.session);
      const health = fromJson<HealthMessage>(r.health);
      const snap: RoomSnapshot = {
        root: String(r.root),
        online: r.online === 1,
        bdSeq: Number(r.bd_seq),
        lastSeen: Number(r.last_seen),
        skewMs: Number(r.skew_ms),
        ...(typeof r.version === 'string' ? { version: r.version } : {}),
        ...(birth === undefined ? {} : { birth }),
        ...(session === undefined ? {} : { session }),
        ...(health === undefined ? {} : { health }),
      };
      return snap;
    });
    const devices = (this.db.prepare('SELECT * FROM device_state').all() as Record<string, unknown>[]).map(
      (r): DeviceSnapshot => ({
        root: String(r.root),
        device: String(r.device),
        status: String(r.status) as DeviceStatus,
        state: JSON.parse(String(r.state)) as DeviceStateMessage,
        since: Number(r.since),
        updatedAt: Number(r.updated_at),
      }),
    );
    return { rooms, devices };
  }

  async events(q: EventQuery): Promise<StoredEvent[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.root !== undefined) {
      where.push('root = ?');
      args.push(q.root);
    }
    if (q.roots !== undefined) {
      if (q.roots.length === 0) return [];
      where.push(`root IN (${q.roots.map(() => '?').join(',')})`);
      args.push(...q.roots);
    }
    if (q.type !== undefined) {
      where.push('type = ?');
      args.push(q.type);
    }
    if (q.since !== undefined) {
      where.push('ts >= ?');
      args.push(q.since);
    }
    if (q.until !== undefined) {
      where.push('ts < ?');
      args.push(q.until);
    }
    const sql = `SELECT * FROM events ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ts DESC, seq DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, q.limit) as EventRow[]).map(eventOf);
  }

  async openGaps(root?: string): Promise<{ root: string; bdSeq: number; fromSeq: number; toSeq: number }[]> {
    const rows = (
      root === undefined
        ? this.db.prepare('SELECT root, bd_seq, from_seq, to_seq FROM gaps ORDER BY root, bd_seq, from_seq').all()
        : this.db.prepare('SELECT root, bd_seq, from_seq, to_seq FROM gaps WHERE root = ? ORDER BY bd_seq, from_seq').all(root)
    ) as { root: string; bd_seq: number; from_seq: number; to_seq: number }[];
    return rows.map((r) => ({ root: r.root, bdSeq: r.bd_seq, fromSeq: r.from_seq, toSeq: r.to_seq }));
  }

  async prune(before: number): Promise<number> {
    this.highs.clear();
    return this.db.transaction(() => {
      // Room by room, along (root, ts): no full scan of the largest table.
      const deleteOld = this.db.prepare('DELETE FROM events WHERE root = ? AND ts < ?');
      let removed = 0;
      for (const root of this.db.prepare('SELECT DISTINCT root FROM seq_state UNION SELECT root FROM rooms').pluck().all() as string[]) {
        removed += deleteOld.run(root, before).changes;
      }
      this.db.prepare('DELETE FROM gaps WHERE detected_at < ?').run(before);
      this.db.prepare('DELETE FROM seq_state WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.root = seq_state.root AND e.bd_seq = seq_state.bd_seq)').run();
      this.db.prepare('DELETE FROM class_sessions WHERE end IS NOT NULL AND end < ?').run(before);
      this.db.prepare('DELETE FROM recordings WHERE end IS NOT NULL AND end < ?').run(before);
      // Keep the last transition of each device before the cut: uptime needs the state it was in.
      this.db
        .prepare(
          `DELETE FROM device_transitions WHERE at < ? AND rowid NOT IN
           (SELECT max(rowid) FROM device_transitions WHERE at < ? GROUP BY root, device)`,
        )
        .run(before, before);
      return removed;
    })();
  }

  async sessions(range: TimeRange): Promise<Interval[]> {
    return this.intervals('class_sessions', range);
  }

  async recordings(range: TimeRange): Promise<Interval[]> {
    return this.intervals('recordings', range);
  }

  private intervals(table: 'class_sessions' | 'recordings', range: TimeRange): Interval[] {
    const rows = this.db.prepare(`SELECT * FROM ${table} WHERE start < ? AND (end IS NULL OR end > ?) ORDER BY start`).all(range.to, range.from) as Record<
      string,
      unknown
    >[];
    return rows.map((r) => ({
      root: String(r.root),
      start: Number(r.start),
      ...(typeof r.end === 'number' ? { end: r.end } : {}),
      ...(typeof r.device === 'string' ? { device: r.device } : {}),
      ...(typeof r.scene === 'string' ? { scene: r.scene } : {}),
      ...(typeof r.by === 'string' ? { by: r.by } : {}),
    }));
  }

  async transitions(range: TimeRange): Promise<DeviceTransition[]> {
    const rows = this.db
      .prepare(
        `SELECT root, device, status, at FROM device_transitions WHERE at >= ? AND at < ?
         UNION ALL
         SELECT t.root, t.device, t.status, t.at FROM device_transitions t
           JOIN (SELECT root, device, max(at) AS at FROM device_transitions WHERE at < ? GROUP BY root, device) last
           ON t.root = last.root AND t.device = last.device AND t.at = last.at
         ORDER BY at`,
      )
      .all(range.from, range.to, range.from) as { root: string; device: string; status: DeviceStatus; at: number }[];
    return rows;
  }
}
