import type {
  AlertKind,
  AlertRecord,
  AlertState,
  AuditRecord,
  CredentialRecord,
  DeviceSnapshot,
  DeviceTransition,
  GapRecord,
  HttpSessionRecord,
  IngestBatch,
  Interval,
  RoomRecord,
  RoomSnapshot,
  SiteRecord,
  StoredEvent,
  TimeRange,
  UserRecord,
} from './types.js';

/**
 * Everything the fleet keeps goes through this interface, so that PostgreSQL can replace
 * SQLite later: every method is async even where better-sqlite3 is not, and no SQL leaves
 * the implementation.
 */
export interface FleetStore {
  readonly rooms: RoomRepo;
  readonly users: UserRepo;
  readonly ingest: IngestRepo;
  readonly alerts: AlertRepo;
  readonly audit: AuditRepo;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RoomRepo {
  addSite(site: SiteRecord): Promise<void>;
  listSites(): Promise<SiteRecord[]>;
  getSite(key: string): Promise<SiteRecord | undefined>;
  addRoom(room: RoomRecord, credential: CredentialRecord): Promise<void>;
  listRooms(): Promise<RoomRecord[]>;
  getRoom(root: string): Promise<RoomRecord | undefined>;
  /** Replaces the room's credential (rotation). */
  setCredential(credential: CredentialRecord): Promise<void>;
  /** Removes the room's credential; the room can no longer connect. */
  revokeCredential(root: string): Promise<boolean>;
  /** Active credentials only. */
  listCredentials(): Promise<CredentialRecord[]>;
}

export interface UserRepo {
  add(user: Omit<UserRecord, 'id'>): Promise<UserRecord>;
  update(id: number, patch: Partial<Pick<UserRecord, 'role' | 'passwordHash' | 'sites'>>): Promise<void>;
  remove(id: number): Promise<void>;
  get(id: number): Promise<UserRecord | undefined>;
  byName(username: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  count(): Promise<number>;
  createSession(session: HttpSessionRecord): Promise<void>;
  getSession(idHash: string): Promise<HttpSessionRecord | undefined>;
  deleteSession(idHash: string): Promise<void>;
  /** Removes sessions of one user (password change, removal) or expired ones. */
  deleteSessions(filter: { userId?: number; expiredBefore?: number }): Promise<number>;
}

export interface EventQuery {
  root?: string;
  roots?: readonly string[];
  type?: string;
  since?: number;
  until?: number;
  limit: number;
}

export interface BatchResult {
  inserted: number;
  duplicates: number;
  /** Ranges of seq found missing by this batch. */
  gaps: GapRecord[];
  /** Events that closed (part of) a gap. */
  filled: number;
  transitions: DeviceTransition[];
}

export interface IngestRepo {
  /** One transaction: events (duplicates by (room, bdSeq, seq) or id are skipped), snapshots, history. */
  write(batch: IngestBatch): Promise<BatchResult>;
  loadSnapshots(): Promise<{ rooms: RoomSnapshot[]; devices: DeviceSnapshot[] }>;
  events(query: EventQuery): Promise<StoredEvent[]>;
  /** Open gaps per room: how many events are still missing. */
  openGaps(root?: string): Promise<{ root: string; bdSeq: number; fromSeq: number; toSeq: number }[]>;
  /** Deletes events and history older than `before`; returns the number of events removed. */
  prune(before: number): Promise<number>;
  sessions(range: TimeRange): Promise<Interval[]>;
  recordings(range: TimeRange): Promise<Interval[]>;
  /** Transitions inside the range, plus the last one before it for each device. */
  transitions(range: TimeRange): Promise<DeviceTransition[]>;
}

export interface AlertQuery {
  state?: AlertState | 'active';
  root?: string;
  roots?: readonly string[];
  limit: number;
}

export interface AlertRepo {
  /** The latest alert of this kind on this room/device, whatever its state. */
  latest(root: string, kind: AlertKind, device: string): Promise<AlertRecord | undefined>;
  insert(alert: Omit<AlertRecord, 'id'>): Promise<AlertRecord>;
  update(alert: AlertRecord): Promise<void>;
  get(id: number): Promise<AlertRecord | undefined>;
  list(query: AlertQuery): Promise<AlertRecord[]>;
}

export interface AuditQuery {
  root?: string;
  roots?: readonly string[];
  user?: string;
  limit: number;
}

export interface AuditRepo {
  add(record: Omit<AuditRecord, 'id'>): Promise<AuditRecord>;
  settle(cmdId: string, patch: Pick<AuditRecord, 'result'> & Partial<Pick<AuditRecord, 'error' | 'repliedAt'>>): Promise<void>;
  list(query: AuditQuery): Promise<AuditRecord[]>;
  byCommand(cmdId: string): Promise<AuditRecord | undefined>;
}
