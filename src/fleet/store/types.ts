import type { BirthMessage, DeviceStateMessage, HealthMessage, SessionMessage } from '../../contract/mqtt/index.js';

/** Records the fleet keeps. Times are ms since the epoch in the fleet's clock. */

export const ROLES = ['viewer', 'operator', 'technician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface SiteRecord {
  /** `country/site` */
  key: string;
  country: string;
  site: string;
  name?: string;
  createdAt: number;
}

export interface RoomRecord {
  /** `sc/v1/country/site/room` */
  root: string;
  country: string;
  site: string;
  room: string;
  name?: string;
  createdAt: number;
}

export interface CredentialRecord {
  username: string;
  root: string;
  /** Mosquitto `$7$` PBKDF2-SHA512 hash. */
  hash: string;
  createdAt: number;
}

export interface UserRecord {
  id: number;
  username: string;
  role: Role;
  passwordHash: string;
  /** Site keys (`country/site`) a technician may read and act on. */
  sites: string[];
  createdAt: number;
}

export interface HttpSessionRecord {
  /** sha256 of the cookie value: a stolen database does not give live sessions. */
  idHash: string;
  userId: number;
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

export interface StoredEvent {
  root: string;
  id: string;
  bdSeq: number;
  seq: number;
  /** Corrected for the agent's clock skew. */
  ts: number;
  agentTs: number;
  receivedAt: number;
  type: string;
  device?: string;
  historical: boolean;
  data?: Record<string, unknown>;
}

export interface RoomSnapshot {
  root: string;
  online: boolean;
  bdSeq: number;
  lastSeen: number;
  version?: string;
  skewMs: number;
  birth?: BirthMessage;
  session?: SessionMessage;
  health?: HealthMessage;
}

export type DeviceStatus = DeviceStateMessage['status'];

export interface DeviceSnapshot {
  root: string;
  device: string;
  status: DeviceStatus;
  state: DeviceStateMessage;
  /** When the status last changed. */
  since: number;
  updatedAt: number;
}

export interface DeviceTransition {
  root: string;
  device: string;
  status: DeviceStatus;
  at: number;
}

/** One class (session) or one recording: open while `end` is undefined. */
export interface Interval {
  root: string;
  /** The device for recordings. */
  device?: string;
  start: number;
  end?: number;
  scene?: string;
  by?: string;
}

export interface GapRecord {
  root: string;
  bdSeq: number;
  fromSeq: number;
  toSeq: number;
  detectedAt: number;
}

/**
 * One write transaction. Derived history (device transitions, gaps, open/closed sessions)
 * is decided inside the transaction against what is stored, so several fleet workers sharing
 * one store, or a retained message seen twice, record each change once.
 */
export interface IngestBatch {
  events: StoredEvent[];
  /** Snapshot fields left undefined keep their stored value. */
  rooms: RoomSnapshot[];
  /** A transition is recorded when the status differs from the stored one. */
  devices: DeviceSnapshot[];
  /**
   * In arrival order. `start` opens a class unless one is open (or one ended after it);
   * `end` closes the open one. Recordings likewise, per recorder device.
   */
  sessions: IntervalOp[];
  recordings: IntervalOp[];
}

export interface IntervalOp {
  op: 'start' | 'end';
  root: string;
  at: number;
  device?: string;
  scene?: string;
  by?: string;
}

export function emptyBatch(): IngestBatch {
  return { events: [], rooms: [], devices: [], sessions: [], recordings: [] };
}

export const ALERT_KINDS = ['room-offline', 'device-offline', 'scene-degraded', 'help-requested', 'disk-low', 'clock-skew', 'outbox-backlog'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
export type Severity = 'info' | 'warning' | 'critical';

export interface AlertRecord {
  id: number;
  root: string;
  /** The device, for device alerts; '' for room alerts (so that (root, kind, device) is a key). */
  device: string;
  kind: AlertKind;
  severity: Severity;
  state: AlertState;
  message: string;
  openedAt: number;
  lastRaisedAt: number;
  /** How often it was raised again while open or within the debounce window. */
  count: number;
  ackedAt?: number;
  ackedBy?: string;
  resolvedAt?: number;
  /** A user name, or `system` when the condition cleared by itself. */
  resolvedBy?: string;
}

export const AUDIT_RESULTS = ['pending', 'ok', 'error', 'expired'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export interface AuditRecord {
  id: number;
  at: number;
  user: string;
  /** A remote command action (`session.start`) or an admin action (`room.add`). */
  action: string;
  root?: string;
  device?: string;
  args?: Record<string, unknown>;
  cmdId?: string;
  result: AuditResult;
  error?: { code: string; message: string };
  repliedAt?: number;
}

export interface TimeRange {
  from: number;
  to: number;
}
