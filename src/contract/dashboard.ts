import type { DeviceState } from './device-state.js';
import type { SessionMessage, TimetableSlotMessage } from './mqtt/payloads.js';
import type { SessionState } from './names.js';

/**
 * What the fleet dashboard reads, as JSON: types only, so the browser code (src/ui/dashboard,
 * its own tsconfig) and the fleet routes share one definition. The room's parts (device state,
 * session, timetable slots) are what the rooms send over MQTT, as the fleet last heard it.
 */
export type SessionStateDto = SessionState;

/** One room at a glance: small, because the overview holds thousands of them. */
export interface RoomSummaryDto {
  root: string;
  country: string;
  site: string;
  room: string;
  name?: string;
  online: boolean;
  /** Last message from the room (fleet clock, ms); 0 = it never connected. */
  lastSeen: number;
  offlineSince?: number;
  session?: SessionStateDto;
  sessionSince?: number;
  course?: string;
  teacher?: string;
  recording: boolean;
  devices: number;
  devicesOffline: number;
  devicesDegraded: number;
  /** Alerts open or acknowledged (not resolved) on this room or its devices. */
  alerts: number;
  rttMs?: number;
}

export interface SiteDto {
  key: string;
  country: string;
  site: string;
  name?: string;
}

export interface MeDto {
  username: string;
  role: 'viewer' | 'operator' | 'technician' | 'admin';
  sites: string[];
  csrfToken: string;
  /** Remote actions this user may send (to rooms in scope). */
  actions: string[];
  /** Acknowledge and resolve alerts. */
  canManageAlerts: boolean;
}

export interface AlertDto {
  id: number;
  root: string;
  device: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  state: 'open' | 'acknowledged' | 'resolved';
  message: string;
  openedAt: number;
  lastRaisedAt: number;
  count: number;
  ackedAt?: number;
  ackedBy?: string;
  resolvedAt?: number;
  resolvedBy?: string;
}

export interface EventDto {
  root: string;
  id: string;
  ts: number;
  type: string;
  device?: string;
  historical: boolean;
  data?: Record<string, unknown>;
}

export interface HealthPointDto {
  ts: number;
  rssBytes: number;
  outboxDepth: number;
  rttMs: number | null;
}

export interface CommandDto {
  id: number;
  at: number;
  user: string;
  action: string;
  root?: string;
  device?: string;
  cmdId?: string;
  result: 'pending' | 'ok' | 'error' | 'expired';
  error?: { code: string; message: string };
  repliedAt?: number;
}

/** A device as the fleet knows it: the parts of its last state the dashboard shows, and since when it has that status. */
export interface DeviceDto extends Pick<DeviceState, 'status' | 'latencyMs' | 'reason' | 'lastError' | 'power' | 'input' | 'recorder' | 'model' | 'firmware' | 'health' | 'warning'> {
  id: string;
  driver?: string;
  name?: string;
  capabilities: string[];
  since: number;
}

export interface RoomDetailDto {
  summary: RoomSummaryDto;
  version?: string;
  bdSeq: number;
  skewMs: number;
  timezone?: string;
  remoteAllow: string[];
  scenes: { id: string; label?: string }[];
  devices: DeviceDto[];
  session?: Omit<SessionMessage, 'timetable' | 'ts'>;
  health?: { ts: number; uptimeS: number; rssBytes: number; outboxDepth: number; rttMs?: number; diskFreeBytes?: number; diskTotalBytes?: number; linkMode?: string };
  /** Classes of the last days and the one running, newest first. */
  classes: { start: number; end?: number; scene?: string; by?: string }[];
  /** The next timetable slots (running first) as the agent last reported them; absent when its agent reports none (older versions). */
  timetable?: TimetableSlotDto[];
}

/** One timetable slot of a room: start and end in ms (calendar times), course and teacher when known. */
export type TimetableSlotDto = TimetableSlotMessage;

/** One message of the dashboard's live stream (server-sent events, `data:` JSON). */
export type LiveMessageDto =
  | { type: 'hello'; at: number }
  /** Upserts of room summaries, coalesced over a short window. */
  | { type: 'rooms'; rooms: RoomSummaryDto[] }
  | { type: 'alert'; alert: AlertDto; change: 'opened' | 'raised' | 'acknowledged' | 'resolved' }
  | { type: 'event'; event: EventDto }
  | { type: 'health'; root: string; point: HealthPointDto }
  | { type: 'command'; command: CommandDto };

export interface AnalyticsRowDto {
  /** Start of the bucket (UTC day, ms). */
  day: number;
  country: string;
  site: string;
  hoursTaught: number;
  hoursRecorded: number;
  classes: number;
}

export interface DeviceUptimeDto {
  root: string;
  device: string;
  /** 0..1 over the range. */
  uptime: number;
  failures: number;
  status: string;
}

export interface AnalyticsDto {
  from: number;
  to: number;
  rows: AnalyticsRowDto[];
  devices: DeviceUptimeDto[];
}
