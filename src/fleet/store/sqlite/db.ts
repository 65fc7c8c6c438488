import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ScError, messageOf } from '../../../core/errors/index.js';
import { MIGRATIONS } from './schema.js';

export type Db = Database.Database;

/** Opens (creating) the SQLite file in WAL mode and brings its schema up to date. */
export function openDatabase(path: string): Db {
  let db: Db;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (err) {
    throw new ScError('SC_ERR_STORE', { path, reason: messageOf(err) }, { cause: err });
  }
  try {
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a power cut loses at most the last transactions, never corrupts the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const version = Number(db.pragma('user_version', { simple: true }));
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.transaction(() => {
        db.exec(MIGRATIONS[v] ?? '');
        db.pragma(`user_version = ${v + 1}`);
      })();
    }
  } catch (err) {
    db.close();
    throw new ScError('SC_ERR_STORE', { path, reason: messageOf(err) }, { cause: err });
  }
  return db;
}

/** JSON column helpers: undefined is stored as NULL. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

export function fromJson<T>(text: unknown): T | undefined {
  return typeof text === 'string' ? (JSON.parse(text) as T) : undefined;
}

export function optional<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}
