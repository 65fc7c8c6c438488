import type { EventBus } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import {
  FLEET_STATUS_TOPIC,
  parseRoomTopic,
  type BirthMessage,
  type DeviceStateMessage,
  type EventMessage,
  type HealthMessage,
  type ParsedTopic,
  type ReplyMessage,
  type SessionMessage,
  type StatusMessage,
} from '../../contract/mqtt/index.js';
import type { FleetEvents } from '../events.js';
import type { FleetMetrics } from '../metrics.js';
import type { BatchWriter } from './batch-writer.js';
import type { DeviceView, FleetModel, RoomView } from './model.js';
import type { SkewEstimator } from './skew.js';
import type { PayloadValidator } from './validate.js';

export interface IngestorContext {
  model: FleetModel;
  writer: BatchWriter;
  skew: SkewEstimator;
  validator: PayloadValidator;
  bus: EventBus<FleetEvents>;
  log: Logger;
  metrics: FleetMetrics;
  now: () => number;
}

const ACTIVE = new Set(['starting', 'live', 'degraded']);
/** A rejected message is logged at most this often per room: a broken agent must not flood the logs. */
const REJECT_LOG_MS = 60_000;
/** The stored last-seen time of a room may lag this much (it only matters after a restart). */
const SEEN_WRITE_MS = 60_000;
const TOPIC_CACHE = 100_000;

/**
 * Turns room messages into the fleet model and store writes. Never throws: a message that
 * does not parse or match the contract is counted, logged (rate-limited) and dropped.
 */
export class Ingestor {
  private readonly lastRejectLog = new Map<string, number>();
  private readonly counted = new Map<string, (by?: number) => void>();
  /** When each room's last-seen time was last written: events alone refresh it once a minute. */
  private readonly seenWritten = new Map<string, number>();
  private readonly topics = new Map<string, ParsedTopic>();

  constructor(private readonly ctx: IngestorContext) {}

  handle(topic: string, payload: Buffer, retained = false): void {
    try {
      this.dispatch(topic, payload, retained);
    } catch (err) {
      this.reject(topic, 'internal', String(err));
    }
  }

  private dispatch(topic: string, payload: Buffer, retained: boolean): void {
    if (topic === FLEET_STATUS_TOPIC) return;
    const parsed = this.parse(topic);
    if (parsed === undefined) return this.reject(topic, 'topic', 'not a topic of the contract');
    if (parsed.kind === 'cmd') return;
    const room = this.ctx.model.get(parsed.root);
    if (room === undefined) return this.reject(topic, 'unknown-room', 'the room is not provisioned');
    let body: unknown;
    try {
      body = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.reject(topic, 'json', 'payload is not JSON');
    }
    const problem = this.ctx.validator.check(parsed.kind, body);
    if (problem !== undefined) return this.reject(topic, 'schema', problem);
    const now = this.ctx.now();
    room.lastSeen = now;
    let count = this.counted.get(parsed.kind);
    if (count === undefined) this.counted.set(parsed.kind, (count = this.ctx.metrics.counter('sc_fleet_messages_total', { kind: parsed.kind })));
    count();
    switch (parsed.kind) {
      case 'status':
        return this.status(room, body as StatusMessage, retained, now);
      case 'birth':
        return this.birth(room, body as BirthMessage, retained, now);
      case 'state':
        return this.state(room, parsed, body as DeviceStateMessage, now);
      case 'session':
        return this.session(room, body as SessionMessage);
      case 'event':
        return this.event(room, body as EventMessage, now);
      case 'health':
        return this.health(room, body as HealthMessage, retained, now);
      case 'reply':
        this.ctx.bus.emit('reply', { root: room.root, reply: body as ReplyMessage });
        return;
    }
  }

  /** Rooms use a handful of topics each: parsed once, remembered (bounded). */
  private parse(topic: string): ParsedTopic | undefined {
    const known = this.topics.get(topic);
    if (known !== undefined) return known;
    const parsed = parseRoomTopic(topic);
    if (parsed !== undefined) {
      if (this.topics.size >= TOPIC_CACHE) this.topics.clear();
      this.topics.set(topic, parsed);
    }
    return parsed;
  }

  private corrected(room: RoomView, agentTs: number): number {
    return Math.round(agentTs - room.skewMs);
  }

  private sample(room: RoomView, agentTs: number, now: number): void {
    room.skewMs = this.ctx.skew.sample(room.root, agentTs, now);
  }

  private status(room: RoomView, s: StatusMessage, retained: boolean, now: number): void {
    // A will from an older connection arriving after the new one's status is stale. A lower
    // bdSeq saying online is a fresh start (an agent whose data directory was wiped).
    if (!s.online && s.bdSeq < room.bdSeq) return;
    if (s.online && !retained) this.sample(room, s.ts, now);
    room.bdSeq = s.bdSeq;
    if (s.version !== undefined) room.version = s.version;
    this.setOnline(room, s.online, now);
    this.ctx.writer.room(room.root);
  }

  private setOnline(room: RoomView, online: boolean, now: number): void {
    if (room.online === online) return;
    room.online = online;
    if (online) delete room.offlineSince;
    else room.offlineSince = now;
    this.ctx.bus.emit('room', { root: room.root, room, change: online ? 'online' : 'offline' });
  }

  private birth(room: RoomView, b: BirthMessage, retained: boolean, now: number): void {
    // Always news: a birth is only ever sent by a live connection (see status for bdSeq).
    if (!retained) this.sample(room, b.ts, now);
    room.bdSeq = b.bdSeq;
    room.birth = b;
    room.version = b.version;
    room.remoteAllow = [...b.remoteAllow];
    if (b.room.name !== undefined && room.name === undefined) room.name = b.room.name;
    // The birth says what is there now: devices it no longer lists are gone.
    for (const id of [...room.devices.keys()]) if (!b.devices.some((d) => d.id === id)) room.devices.delete(id);
    for (const d of b.devices) {
      const device = this.applyDevice(room, d.id, d.state, now);
      device.driver = d.driver;
      device.capabilities = [...d.capabilities];
      if (d.name !== undefined) device.name = d.name;
    }
    this.setOnline(room, true, now);
    this.session(room, b.session, false);
    this.ctx.writer.room(room.root, { birth: true, session: true });
    this.ctx.bus.emit('room', { root: room.root, room, change: 'birth' });
  }

  private state(room: RoomView, parsed: ParsedTopic, s: DeviceStateMessage, now: number): void {
    if (parsed.device === undefined) return;
    this.applyDevice(room, parsed.device, s, now);
  }

  private applyDevice(room: RoomView, id: string, s: DeviceStateMessage, now: number): DeviceView {
    const prev = room.devices.get(id);
    const changed = prev === undefined || prev.status !== s.status;
    const device: DeviceView = {
      id,
      ...(prev?.driver === undefined ? {} : { driver: prev.driver }),
      ...(prev?.name === undefined ? {} : { name: prev.name }),
      capabilities: prev?.capabilities ?? [],
      status: s.status,
      state: s,
      since: changed ? (s.ts === undefined ? now : this.corrected(room, s.ts)) : (prev?.since ?? now),
      updatedAt: now,
    };
    room.devices.set(id, device);
    this.ctx.writer.device({ root: room.root, device: id, status: device.status, state: s, since: device.since, updatedAt: now });
    const wasRecording = prev?.state.recorder?.activity === 'recording';
    const recording = s.recorder?.activity === 'recording';
    if (wasRecording !== recording && (prev !== undefined || recording)) {
      this.ctx.writer.recording(room.root, id, s.ts === undefined ? now : this.corrected(room, s.ts), recording);
    }
    if (changed) this.ctx.bus.emit('device', { root: room.root, device, ...(prev === undefined ? {} : { previous: prev.status }) });
    return device;
  }

  private session(room: RoomView, s: SessionMessage, persist = true): void {
    const previous = room.session;
    room.session = s;
    // The latest slots the agent sent; an agent that sends none (older versions) has none to show.
    if (s.timetable === undefined) delete room.timetable;
    else room.timetable = s.timetable;
    const at = this.corrected(room, s.since);
    const by = s.by.name === undefined ? s.by.kind : `${s.by.kind}:${s.by.name}`;
    if (ACTIVE.has(s.state)) this.ctx.writer.sessionStart(room.root, at, s.scene, by);
    else if (s.state === 'idle') this.ctx.writer.sessionEnd(room.root, at);
    if (persist) this.ctx.writer.room(room.root, { session: true });
    if (previous?.state !== s.state || previous.since !== s.since) {
      this.ctx.bus.emit('session', { root: room.root, session: s, ...(previous === undefined ? {} : { previous }) });
    }
  }

  private event(room: RoomView, e: EventMessage, now: number): void {
    if (e.historical !== true) this.sample(room, e.ts, now);
    const stored = {
      root: room.root,
      id: e.id,
      bdSeq: e.bdSeq,
      seq: e.seq,
      ts: this.corrected(room, e.ts),
      agentTs: e.ts,
      receivedAt: now,
      type: e.type,
      ...(e.device === undefined ? {} : { device: e.device }),
      historical: e.historical === true,
      ...(e.data === undefined && e.by === undefined ? {} : { data: { ...(e.data ?? {}), ...(e.by === undefined ? {} : { by: e.by }) } }),
    };
    this.ctx.writer.event(stored);
    if (now - (this.seenWritten.get(room.root) ?? 0) >= SEEN_WRITE_MS) {
      this.seenWritten.set(room.root, now);
      this.ctx.writer.room(room.root);
    }
    this.ctx.bus.emit('event', { event: stored });
  }

  private health(room: RoomView, h: HealthMessage, retained: boolean, now: number): void {
    if (!retained) this.sample(room, h.ts, now);
    room.health = h;
    this.ctx.writer.room(room.root, { health: true });
    this.ctx.bus.emit('health', { root: room.root, health: h, skewMs: room.skewMs });
  }

  private reject(topic: string, reason: string, detail: string): void {
    this.ctx.metrics.inc('sc_fleet_messages_rejected_total', { reason });
    const key = parseRoomTopic(topic)?.root ?? topic.split('/').slice(0, 5).join('/');
    const now = this.ctx.now();
    if (now - (this.lastRejectLog.get(key) ?? -Infinity) < REJECT_LOG_MS) return;
    this.lastRejectLog.set(key, now);
    if (this.lastRejectLog.size > 10_000) this.lastRejectLog.clear();
    this.ctx.log.warn({ code: 'SC_ERR_FLEET_MESSAGE_INVALID', topic: topic.slice(0, 200), reason, detail: detail.slice(0, 300) }, `message on ${topic.slice(0, 200)} rejected: ${detail.slice(0, 300)}`);
  }
}
