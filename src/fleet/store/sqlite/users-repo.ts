import type { UserRepo } from '../store.js';
import type { HttpSessionRecord, Role, UserRecord } from '../types.js';
import type { Db } from './db.js';

interface UserRow {
  id: number;
  username: string;
  role: string;
  password_hash: string;
  sites: string;
  created_at: number;
}
interface SessionRow {
  id_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

const user = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  role: r.role as Role,
  passwordHash: r.password_hash,
  sites: JSON.parse(r.sites) as string[],
  createdAt: r.created_at,
});

export class SqliteUserRepo implements UserRepo {
  constructor(private readonly db: Db) {}

  async add(u: Omit<UserRecord, 'id'>): Promise<UserRecord> {
    const info = this.db
      .prepare('INSERT INTO users (username, role, password_hash, sites, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(u.username, u.role, u.passwordHash, JSON.stringify(u.sites), u.createdAt);
    return { ...u, id: Number(info.lastInsertRowid) };
  }

  async update(id: number, patch: Partial<Pick<UserRecord, 'role' | 'passwordHash' | 'sites'>>): Promise<void> {
    if (patch.role !== undefined) this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(patch.role, id);
    if (patch.passwordHash !== undefined) this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(patch.passwordHash, id);
    if (patch.sites !== undefined) this.db.prepare('UPDATE users SET sites = ? WHERE id = ?').run(JSON.stringify(patch.sites), id);
  }

  async remove(id: number): Promise<void> {
    this.db.prepare('DELETE FROM users WHERE id = ?').run(id);
  }

  async get(id: number): Promise<UserRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return row === undefined ? undefined : user(row);
  }

  async byName(username: string): Promise<UserRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserRow | undefined;
    return row === undefined ? undefined : user(row);
  }

  async list(): Promise<UserRecord[]> {
    return (this.db.prepare('SELECT * FROM users ORDER BY username').all() as UserRow[]).map(user);
  }

  async count(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  }

  async createSession(s: HttpSessionRecord): Promise<void> {
    this.db
      .prepare('INSERT INTO http_sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(s.idHash, s.userId, s.csrfToken, s.createdAt, s.expiresAt);
  }

  async getSession(idHash: string): Promise<HttpSessionRecord | undefined> {
    const r = this.db.prepare('SELECT * FROM http_sessions WHERE id_hash = ?').get(idHash) as SessionRow | undefined;
    return r === undefined ? undefined : { idHash: r.id_hash, userId: r.user_id, csrfToken: r.csrf_token, createdAt: r.created_at, expiresAt: r.expires_at };
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM http_sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteSessions(filter: { userId?: number; expiredBefore?: number }): Promise<number> {
    if (filter.userId !== undefined) return this.db.prepare('DELETE FROM http_sessions WHERE user_id = ?').run(filter.userId).changes;
    if (filter.expiredBefore !== undefined) return this.db.prepare('DELETE FROM http_sessions WHERE expires_at < ?').run(filter.expiredBefore).changes;
    return 0;
  }
}
