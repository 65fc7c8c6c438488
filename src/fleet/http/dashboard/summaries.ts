import type { DeviceView, RoomView } from '../../ingest/model.js';
import type { AlertRecord, AuditRecord, StoredEvent } from '../../store/types.js';
import type { AlertDto, CommandDto, DeviceDto, EventDto, HealthPointDto, RoomDetailDto, RoomSummaryDto, TimetableSlotDto } from '../../../contract/dashboard.js';
import type { HealthMessage, SessionMessage, TimetableSlotMessage } from '../../../contract/mqtt/index.js';

/** A room at a glance, from the fleet's in-memory model. */
export function roomSummary(view: RoomView, alerts: number): RoomSummaryDto {
  let devicesOffline = 0;
  let devicesDegraded = 0;
  let recording = false;
  for (const d of view.devices.values()) {
    if (d.status === 'offline') devicesOffline += 1;
    else if (d.status === 'degraded') devicesDegraded += 1;
    if (d.state.recorder?.activity === 'recording') recording = true;
  }
  const s = view.session;
  const rtt = view.health?.link.rttMs;
  return {
    root: view.root,
    country: view.country,
    site: view.site,
    room: view.room,
    ...(view.name === undefined ? {} : { name: view.name }),
    online: view.online,
    lastSeen: view.lastSeen,
    ...(view.offlineSince === undefined ? {} : { offlineSince: view.offlineSince }),
    ...(s === undefined ? {} : { session: s.state, sessionSince: s.since }),
    ...(s?.course === undefined ? {} : { course: s.course }),
    ...(s?.teacher === undefined ? {} : { teacher: s.teacher }),
    recording,
    devices: view.devices.size,
    devicesOffline,
    devicesDegraded,
    alerts,
    ...(rtt === undefined ? {} : { rttMs: rtt }),
  };
}

/**
 * A room's next timetable slots for the room page: those not over at `now` (the last report may
 * be old when the room is offline), soonest first.
 */
export function timetableDto(slots: readonly TimetableSlotMessage[], now: number): TimetableSlotDto[] {
  return slots
    .filter((t) => t.end > now)
    .sort((a, b) => a.start - b.start)
    .map((t) => ({ start: t.start, end: t.end, ...(t.course === undefined ? {} : { course: t.course }), ...(t.teacher === undefined ? {} : { teacher: t.teacher }) }));
}

/** The session for the room page; its timetable goes in the detail's own field. */
export function sessionDto(session: SessionMessage): NonNullable<RoomDetailDto['session']> {
  const { timetable: _timetable, ...rest } = session;
  return rest;
}

export function deviceDto(d: DeviceView): DeviceDto {
  const s = d.state;
  return {
    id: d.id,
    ...(d.driver === undefined ? {} : { driver: d.driver }),
    ...(d.name === undefined ? {} : { name: d.name }),
    capabilities: d.capabilities,
    status: d.status,
    since: d.since,
    ...(s.latencyMs === undefined ? {} : { latencyMs: s.latencyMs }),
    ...(s.reason === undefined ? {} : { reason: s.reason }),
    ...(s.lastError === undefined ? {} : { lastError: s.lastError }),
    ...(s.power === undefined ? {} : { power: s.power }),
    ...(s.input === undefined ? {} : { input: s.input }),
    ...(s.recorder === undefined ? {} : { recorder: s.recorder }),
    ...(s.model === undefined ? {} : { model: s.model }),
    ...(s.firmware === undefined ? {} : { firmware: s.firmware }),
    ...(s.health === undefined ? {} : { health: s.health }),
    ...(s.warning === undefined ? {} : { warning: s.warning }),
  };
}

export function alertDto(a: AlertRecord): AlertDto {
  return { ...a };
}

export function eventDto(e: StoredEvent): EventDto {
  return {
    root: e.root,
    id: e.id,
    ts: e.ts,
    type: e.type,
    ...(e.device === undefined ? {} : { device: e.device }),
    historical: e.historical,
    ...(e.data === undefined ? {} : { data: e.data }),
  };
}

export function commandDto(a: AuditRecord): CommandDto {
  return {
    id: a.id,
    at: a.at,
    user: a.user,
    action: a.action,
    ...(a.root === undefined ? {} : { root: a.root }),
    ...(a.device === undefined ? {} : { device: a.device }),
    ...(a.cmdId === undefined ? {} : { cmdId: a.cmdId }),
    result: a.result,
    ...(a.error === undefined ? {} : { error: a.error }),
    ...(a.repliedAt === undefined ? {} : { repliedAt: a.repliedAt }),
  };
}

/** A health point in the fleet's clock (the agent's `ts` corrected by its skew). */
export function healthPoint(h: HealthMessage, skewMs: number): HealthPointDto {
  return { ts: Math.round(h.ts - skewMs), rssBytes: h.memory.rssBytes, outboxDepth: h.outbox.depth, rttMs: h.link.rttMs ?? null };
}
