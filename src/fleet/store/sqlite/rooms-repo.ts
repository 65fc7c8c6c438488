import type { RoomRepo } from '../store.js';
import type { CredentialRecord, RoomRecord, SiteRecord } from '../types.js';
import type { Db } from './db.js';

interface SiteRow {
  key: string;
  country: string;
  site: string;
  name: string | null;
  created_at: number;
}
interface RoomRow {
  root: string;
  country: string;
  site: string;
  room: string;
  name: string | null;
  created_at: number;
}
interface CredentialRow {
  username: string;
  root: string;
  hash: string;
  created_at: number;
}

const site = (r: SiteRow): SiteRecord => ({ key: r.key, country: r.country, site: r.site, ...(r.name === null ? {} : { name: r.name }), createdAt: r.created_at });
const room = (r: RoomRow): RoomRecord => ({
  root: r.root,
  country: r.country,
  site: r.site,
  room: r.room,
  ...(r.name === null ? {} : { name: r.name }),
  createdAt: r.created_at,
});
const credential = (r: CredentialRow): CredentialRecord => ({ username: r.username, root: r.root, hash: r.hash, createdAt: r.created_at });

export class SqliteRoomRepo implements RoomRepo {
  constructor(private readonly db: Db) {}

  async addSite(s: SiteRecord): Promise<void> {
    this.db.prepare('INSERT INTO sites (key, country, site, name, created_at) VALUES (?, ?, ?, ?, ?)').run(s.key, s.country, s.site, s.name ?? null, s.createdAt);
  }

  async listSites(): Promise<SiteRecord[]> {
    return (this.db.prepare('SELECT * FROM sites ORDER BY key').all() as SiteRow[]).map(site);
  }

  async getSite(key: string): Promise<SiteRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM sites WHERE key = ?').get(key) as SiteRow | undefined;
    return row === undefined ? undefined : site(row);
  }

  async addRoom(r: RoomRecord, c: CredentialRecord): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO rooms (root, country, site, room, name, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(r.root, r.country, r.site, r.room, r.name ?? null, r.createdAt);
      this.db.prepare('INSERT INTO credentials (username, root, hash, created_at) VALUES (?, ?, ?, ?)').run(c.username, c.root, c.hash, c.createdAt);
    })();
  }

  async listRooms(): Promise<RoomRecord[]> {
    return (this.db.prepare('SELECT * FROM rooms ORDER BY root').all() as RoomRow[]).map(room);
  }

  async getRoom(root: string): Promise<RoomRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM rooms WHERE root = ?').get(root) as RoomRow | undefined;
    return row === undefined ? undefined : room(row);
  }

  async setCredential(c: CredentialRecord): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM credentials WHERE root = ?').run(c.root);
      this.db.prepare('INSERT INTO credentials (username, root, hash, created_at) VALUES (?, ?, ?, ?)').run(c.username, c.root, c.hash, c.createdAt);
    })();
  }

  async revokeCredential(root: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM credentials WHERE root = ?').run(root).changes > 0;
  }

  async listCredentials(): Promise<CredentialRecord[]> {
    return (this.db.prepare('SELECT * FROM credentials ORDER BY username').all() as CredentialRow[]).map(credential);
  }
}
