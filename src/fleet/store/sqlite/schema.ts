/**
 * The SQLite schema. `user_version` numbers the migrations; each runs once, in order, in a
 * transaction. JSON columns hold contract payloads as the agent sent them.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE sites (key TEXT PRIMARY KEY, country TEXT NOT NULL, site TEXT NOT NULL, name TEXT, created_at INTEGER NOT NULL);
  CREATE TABLE rooms (root TEXT PRIMARY KEY, country TEXT NOT NULL, site TEXT NOT NULL, room TEXT NOT NULL, name TEXT, created_at INTEGER NOT NULL);
  CREATE TABLE credentials (username TEXT PRIMARY KEY, root TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, role TEXT NOT NULL, password_hash TEXT NOT NULL,
    sites TEXT NOT NULL DEFAULT '[]', created_at INTEGER NOT NULL);
  CREATE TABLE http_sessions (id_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
  -- Clustered on the de-duplication key; three B-trees per event in all (ingest speed matters).
  CREATE TABLE events (root TEXT NOT NULL, bd_seq INTEGER NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,
    ts INTEGER NOT NULL, agent_ts INTEGER NOT NULL, received_at INTEGER NOT NULL, type TEXT NOT NULL, device TEXT,
    historical INTEGER NOT NULL, data TEXT, PRIMARY KEY (root, bd_seq, seq)) WITHOUT ROWID;
  CREATE UNIQUE INDEX events_by_id ON events (root, id);
  CREATE INDEX events_by_room_ts ON events (root, ts);
  CREATE TABLE room_state (root TEXT PRIMARY KEY, online INTEGER NOT NULL, bd_seq INTEGER NOT NULL, last_seen INTEGER NOT NULL,
    version TEXT, skew_ms INTEGER NOT NULL, birth TEXT, session TEXT, health TEXT);
  CREATE TABLE device_state (root TEXT NOT NULL, device TEXT NOT NULL, status TEXT NOT NULL, state TEXT NOT NULL,
    since INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (root, device));
  CREATE TABLE device_transitions (root TEXT NOT NULL, device TEXT NOT NULL, status TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX device_transitions_by_at ON device_transitions (at);
  CREATE TABLE class_sessions (pk INTEGER PRIMARY KEY, root TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER, scene TEXT, by TEXT);
  CREATE INDEX class_sessions_open ON class_sessions (root) WHERE end IS NULL;
  CREATE INDEX class_sessions_by_start ON class_sessions (start);
  CREATE TABLE recordings (pk INTEGER PRIMARY KEY, root TEXT NOT NULL, device TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER);
  CREATE INDEX recordings_open ON recordings (root, device) WHERE end IS NULL;
  CREATE INDEX recordings_by_start ON recordings (start);
  CREATE TABLE gaps (pk INTEGER PRIMARY KEY, root TEXT NOT NULL, bd_seq INTEGER NOT NULL, from_seq INTEGER NOT NULL, to_seq INTEGER NOT NULL,
    detected_at INTEGER NOT NULL);
  CREATE INDEX gaps_by_room ON gaps (root, bd_seq, from_seq);
  CREATE TABLE seq_state (root TEXT NOT NULL, bd_seq INTEGER NOT NULL, high INTEGER NOT NULL, PRIMARY KEY (root, bd_seq)) WITHOUT ROWID;
  CREATE TABLE alerts (id INTEGER PRIMARY KEY, root TEXT NOT NULL, device TEXT NOT NULL, kind TEXT NOT NULL, severity TEXT NOT NULL,
    state TEXT NOT NULL, message TEXT NOT NULL, opened_at INTEGER NOT NULL, last_raised_at INTEGER NOT NULL, count INTEGER NOT NULL,
    acked_at INTEGER, acked_by TEXT, resolved_at INTEGER, resolved_by TEXT);
  CREATE INDEX alerts_by_key ON alerts (root, kind, device, id);
  CREATE INDEX alerts_by_state ON alerts (state);
  CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL, root TEXT, device TEXT,
    args TEXT, cmd_id TEXT UNIQUE, result TEXT NOT NULL, error TEXT, replied_at INTEGER);
  CREATE INDEX audit_by_at ON audit (at);
  `,
];
