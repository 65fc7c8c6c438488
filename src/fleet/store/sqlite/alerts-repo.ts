import type { AlertQuery, AlertRepo, AuditQuery, AuditRepo } from '../store.js';
import type { AlertKind, AlertRecord, AlertState, AuditRecord, AuditResult, Severity } from '../types.js';
import { fromJson, toJson, type Db } from './db.js';

interface AlertRow {
  id: number;
  root: string;
  device: string;
  kind: string;
  severity: string;
  state: string;
  message: string;
  opened_at: number;
  last_raised_at: number;
  count: number;
  acked_at: number | null;
  acked_by: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
}

function alertOf(r: AlertRow): AlertRecord {
  return {
    id: r.id,
    root: r.root,
    device: r.device,
    kind: r.kind as AlertKind,
    severity: r.severity as Severity,
    state: r.state as AlertState,
    message: r.message,
    openedAt: r.opened_at,
    lastRaisedAt: r.last_raised_at,
    count: r.count,
    ...(r.acked_at === null ? {} : { ackedAt: r.acked_at }),
    ...(r.acked_by === null ? {} : { ackedBy: r.acked_by }),
    ...(r.resolved_at === null ? {} : { resolvedAt: r.resolved_at }),
    ...(r.resolved_by === null ? {} : { resolvedBy: r.resolved_by }),
  };
}

function inList(column: string, values: readonly string[] | undefined, where: string[], args: (string | number)[]): boolean {
  if (values === undefined) return true;
  if (values.length === 0) return false;
  where.push(`${column} IN (${values.map(() => '?').join(',')})`);
  args.push(...values);
  return true;
}

export class SqliteAlertRepo implements AlertRepo {
  constructor(private readonly db: Db) {}

  async latest(root: string, kind: AlertKind, device: string): Promise<AlertRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM alerts WHERE root = ? AND kind = ? AND device = ? ORDER BY id DESC LIMIT 1').get(root, kind, device) as
      | AlertRow
      | undefined;
    return row === undefined ? undefined : alertOf(row);
  }

  async insert(a: Omit<AlertRecord, 'id'>): Promise<AlertRecord> {
    const info = this.db
      .prepare(
        `INSERT INTO alerts (root, device, kind, severity, state, message, opened_at, last_raised_at, count, acked_at, acked_by, resolved_at, resolved_by)
         VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      )
      .run(a.root, a.device, a.kind, a.severity, a.state, a.message, a.openedAt, a.lastRaisedAt, a.count, a.ackedAt ?? null, a.ackedBy ?? null, a.resolvedAt ?? null, a.resolvedBy ?? null);
    return { ...a, id: Number(info.lastInsertRowid) };
  }

  async update(a: AlertRecord): Promise<void> {
    this.db
      .prepare(
        `UPDATE alerts SET severity = ?, state = ?, message = ?, last_raised_at = ?, count = ?, acked_at = ?, acked_by = ?, resolved_at = ?, resolved_by = ?
         WHERE id = ?`,
      )
      .run(a.severity, a.state, a.message, a.lastRaisedAt, a.count, a.ackedAt ?? null, a.ackedBy ?? null, a.resolvedAt ?? null, a.resolvedBy ?? null, a.id);
  }

  async get(id: number): Promise<AlertRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
    return row === undefined ? undefined : alertOf(row);
  }

  async list(q: AlertQuery): Promise<AlertRecord[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.state === 'active') where.push("state IN ('open', 'acknowledged')");
    else if (q.state !== undefined) {
      where.push('state = ?');
      args.push(q.state);
    }
    if (q.root !== undefined) {
      where.push('root = ?');
      args.push(q.root);
    }
    if (!inList('root', q.roots, where, args)) return [];
    const sql = `SELECT * FROM alerts ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, q.limit) as AlertRow[]).map(alertOf);
  }
}

interface AuditRow {
  id: number;
  at: number;
  user: string;
  action: string;
  root: string | null;
  device: string | null;
  args: string | null;
  cmd_id: string | null;
  result: string;
  error: string | null;
  replied_at: number | null;
}

function auditOf(r: AuditRow): AuditRecord {
  const args = fromJson<Record<string, unknown>>(r.args);
  const error = fromJson<{ code: string; message: string }>(r.error);
  return {
    id: r.id,
    at: r.at,
    user: r.user,
    action: r.action,
    ...(r.root === null ? {} : { root: r.root }),
    ...(r.device === null ? {} : { device: r.device }),
    ...(args === undefined ? {} : { args }),
    ...(r.cmd_id === null ? {} : { cmdId: r.cmd_id }),
    result: r.result as AuditResult,
    ...(error === undefined ? {} : { error }),
    ...(r.replied_at === null ? {} : { repliedAt: r.replied_at }),
  };
}

export class SqliteAuditRepo implements AuditRepo {
  constructor(private readonly db: Db) {}

  async add(a: Omit<AuditRecord, 'id'>): Promise<AuditRecord> {
    const info = this.db
      .prepare('INSERT INTO audit (at, user, action, root, device, args, cmd_id, result, error, replied_at) VALUES (?,?,?,?,?,?,?,?,?,?)')
      .run(a.at, a.user, a.action, a.root ?? null, a.device ?? null, toJson(a.args), a.cmdId ?? null, a.result, toJson(a.error), a.repliedAt ?? null);
    return { ...a, id: Number(info.lastInsertRowid) };
  }

  async settle(cmdId: string, patch: Pick<AuditRecord, 'result'> & Partial<Pick<AuditRecord, 'error' | 'repliedAt'>>): Promise<void> {
    // Only a pending record settles: a late reply cannot rewrite an expiry already recorded twice.
    this.db
      .prepare("UPDATE audit SET result = ?, error = ?, replied_at = ? WHERE cmd_id = ? AND result IN ('pending', 'expired')")
      .run(patch.result, toJson(patch.error), patch.repliedAt ?? null, cmdId);
  }

  async list(q: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.root !== undefined) {
      where.push('root = ?');
      args.push(q.root);
    }
    if (q.user !== undefined) {
      where.push('user = ?');
      args.push(q.user);
    }
    if (!inList('root', q.roots, where, args)) return [];
    const sql = `SELECT * FROM audit ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, q.limit) as AuditRow[]).map(auditOf);
  }

  async byCommand(cmdId: string): Promise<AuditRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM audit WHERE cmd_id = ?').get(cmdId) as AuditRow | undefined;
    return row === undefined ? undefined : auditOf(row);
  }
}
