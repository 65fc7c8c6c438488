import type { AlertRepo, AuditRepo, FleetStore, IngestRepo, RoomRepo, UserRepo } from '../store.js';
import { SqliteAlertRepo, SqliteAuditRepo } from './alerts-repo.js';
import { openDatabase, type Db } from './db.js';
import { SqliteIngestRepo } from './ingest-repo.js';
import { SqliteRoomRepo } from './rooms-repo.js';
import { SqliteUserRepo } from './users-repo.js';

/** The default store: one SQLite file (better-sqlite3, WAL), opened at start. */
export class SqliteStore implements FleetStore {
  private db: Db | undefined;
  private repos: { rooms: RoomRepo; users: UserRepo; ingest: IngestRepo; alerts: AlertRepo; audit: AuditRepo } | undefined;

  constructor(readonly path: string) {}

  async start(): Promise<void> {
    if (this.db !== undefined) return;
    const db = openDatabase(this.path);
    this.db = db;
    this.repos = {
      rooms: new SqliteRoomRepo(db),
      users: new SqliteUserRepo(db),
      ingest: new SqliteIngestRepo(db),
      alerts: new SqliteAlertRepo(db),
      audit: new SqliteAuditRepo(db),
    };
  }

  async stop(): Promise<void> {
    this.db?.close();
    this.db = undefined;
    this.repos = undefined;
  }

  private get open(): NonNullable<SqliteStore['repos']> {
    if (this.repos === undefined) throw new Error('store used before start()');
    return this.repos;
  }

  get rooms(): RoomRepo {
    return this.open.rooms;
  }
  get users(): UserRepo {
    return this.open.users;
  }
  get ingest(): IngestRepo {
    return this.open.ingest;
  }
  get alerts(): AlertRepo {
    return this.open.alerts;
  }
  get audit(): AuditRepo {
    return this.open.audit;
  }
}
