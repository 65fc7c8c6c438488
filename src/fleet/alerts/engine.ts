import type { EventBus } from '../../core/event-bus.js';
import { ScError } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import type { FleetEvents } from '../events.js';
import type { FleetModel } from '../ingest/model.js';
import type { FleetMetrics } from '../metrics.js';
import type { AlertRepo } from '../store/store.js';
import type { AlertKind, AlertRecord } from '../store/types.js';
import { HELP_EVENT_TYPES, SEVERITY, diskVerdict, outboxVerdict, sceneVerdict, skewVerdict, type AlertThresholds } from './rules.js';
import type { AlertWebhook } from './webhook.js';

export interface AlertEngineContext {
  repo: AlertRepo;
  model: FleetModel;
  bus: EventBus<FleetEvents>;
  log: Logger;
  metrics: FleetMetrics;
  thresholds: AlertThresholds;
  webhook?: AlertWebhook;
  now: () => number;
  /** How often offline durations are checked (default 15 s). */
  checkIntervalMs?: number;
}

const ACTIVE = new Set(['open', 'acknowledged']);
/** A replayed help request older than this is history, not a call for help now. */
const HELP_MAX_AGE_MS = 3_600_000;

const keyOf = (root: string, kind: AlertKind, device: string): string => `${root}\u0000${kind}\u0000${device}`;

/**
 * Raises and resolves alerts from what ingest sees. One alert per (room, kind, device) at a
 * time; a condition that clears and comes back within the debounce window re-opens the same
 * alert (count + 1) instead of a new one, and the webhook hears of a resolution only once the
 * condition stayed clear for that window, so a flapping link does not flood anyone.
 */
export class AlertEngine {
  /** Active alerts by key, so that a health report every minute costs no store read. */
  private readonly active = new Map<string, AlertRecord>();
  /** Per-key queue: raise and resolve of one alert never interleave. */
  private readonly queues = new Map<string, Promise<void>>();
  private readonly outboxDepth = new Map<string, number>();
  /** Resolutions not yet sent to the webhook: sent once the condition stayed clear for the debounce window. */
  private readonly quietResolved = new Map<string, AlertRecord>();
  private readonly unsubscribe: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: AlertEngineContext) {}

  async start(): Promise<void> {
    for (const a of await this.ctx.repo.list({ state: 'active', limit: 100_000 })) this.active.set(keyOf(a.root, a.kind, a.device), a);
    const { bus } = this.ctx;
    this.unsubscribe.push(
      bus.on('room', ({ root, room }) => {
        if (room.online) this.resolve(root, 'room-offline', '');
      }),
      bus.on('device', ({ root, device }) => {
        if (device.status !== 'offline') this.resolve(root, 'device-offline', device.id);
      }),
      bus.on('session', ({ root, session }) => {
        const v = sceneVerdict(session);
        if (v.raise) this.raise(root, 'scene-degraded', '', v.message);
        else if (session.state === 'idle' || session.state === 'live') this.resolve(root, 'scene-degraded', '');
      }),
      bus.on('event', ({ event }) => {
        if (!HELP_EVENT_TYPES.has(event.type) || this.ctx.now() - event.ts > HELP_MAX_AGE_MS) return;
        const by = (event.data?.by as { name?: string } | undefined)?.name;
        this.raise(event.root, 'help-requested', '', `Help requested${by === undefined ? '' : ` by ${by}`}`);
      }),
      bus.on('health', ({ root, health, skewMs }) => {
        const t = this.ctx.thresholds;
        this.apply(root, 'disk-low', '', diskVerdict(health, t));
        this.apply(root, 'clock-skew', '', skewVerdict(skewMs, t));
        const outbox = outboxVerdict(health, this.outboxDepth.get(root), this.active.has(keyOf(root, 'outbox-backlog', '')), t);
        if (outbox !== undefined) this.apply(root, 'outbox-backlog', '', outbox);
        this.outboxDepth.set(root, health.outbox.depth);
      }),
    );
    this.timer = setInterval(() => this.check(), this.ctx.checkIntervalMs ?? 15_000);
  }

  async stop(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.settled();
  }

  /** Resolves when every queued raise and resolve is stored. */
  async settled(): Promise<void> {
    while (this.queues.size > 0) await Promise.allSettled([...this.queues.values()]);
  }

  /** Offline durations: evaluated on a timer because nothing arrives from a silent room. */
  check(): void {
    const now = this.ctx.now();
    const t = this.ctx.thresholds;
    for (const [key, alert] of this.quietResolved) {
      if ((alert.resolvedAt ?? 0) <= now - t.debounceMs) {
        this.quietResolved.delete(key);
        this.ctx.webhook?.send({ ...alert }, 'resolved');
      }
    }
    for (const room of this.ctx.model.rooms.values()) {
      if (!room.online) {
        // A room that never connected is not "offline": it is not installed yet.
        if (room.offlineSince !== undefined && room.lastSeen > 0 && now - room.offlineSince >= t.roomOfflineMs) {
          const minutes = Math.round((now - room.offlineSince) / 60_000);
          this.raise(room.root, 'room-offline', '', `Room offline for ${minutes} min`);
        }
        continue;
      }
      for (const d of room.devices.values()) {
        if (d.status === 'offline' && now - d.since >= t.deviceOfflineMs) {
          const reason = d.state.reason === undefined ? '' : `: ${d.state.reason}`;
          this.raise(room.root, 'device-offline', d.id, `${d.name ?? d.id} offline for ${Math.round((now - d.since) / 60_000)} min${reason}`);
        }
      }
    }
  }

  async acknowledge(id: number, user: string): Promise<AlertRecord> {
    return this.byPerson(id, (a) => {
      if (a.state !== 'open') return false;
      Object.assign(a, { state: 'acknowledged', ackedAt: this.ctx.now(), ackedBy: user });
      return true;
    }, 'acknowledged');
  }

  async resolveById(id: number, user: string): Promise<AlertRecord> {
    return this.byPerson(id, (a) => {
      if (a.state === 'resolved') return false;
      Object.assign(a, { state: 'resolved', resolvedAt: this.ctx.now(), resolvedBy: user });
      return true;
    }, 'resolved');
  }

  private async byPerson(id: number, change: (a: AlertRecord) => boolean, what: 'acknowledged' | 'resolved'): Promise<AlertRecord> {
    const stored = await this.ctx.repo.get(id);
    if (stored === undefined) throw new ScError('SC_ERR_FLEET_UNKNOWN', { what: 'alert', id });
    const key = keyOf(stored.root, stored.kind, stored.device);
    let result = stored;
    await this.enqueue(key, async () => {
      const a = this.active.get(key)?.id === id ? (this.active.get(key) as AlertRecord) : ((await this.ctx.repo.get(id)) ?? stored);
      if (change(a)) {
        await this.ctx.repo.update(a);
        if (a.state === 'resolved') this.active.delete(key);
        this.notify(a, what);
      }
      result = { ...a };
    });
    return result;
  }

  private apply(root: string, kind: AlertKind, device: string, verdict: { raise: true; message: string } | { raise: false }): void {
    if (verdict.raise) this.raise(root, kind, device, verdict.message);
    else this.resolve(root, kind, device);
  }

  raise(root: string, kind: AlertKind, device: string, message: string): void {
    const key = keyOf(root, kind, device);
    void this.enqueue(key, async () => {
      const now = this.ctx.now();
      const current = this.active.get(key);
      if (current !== undefined) {
        // Still the same condition: counted, the message refreshed, nobody notified again.
        current.lastRaisedAt = now;
        current.message = message;
        await this.ctx.repo.update(current);
        return;
      }
      const latest = await this.ctx.repo.latest(root, kind, device);
      if (latest !== undefined && latest.state === 'resolved' && (latest.resolvedAt ?? 0) >= now - this.ctx.thresholds.debounceMs) {
        const reopened: AlertRecord = { ...latest, state: 'open', message, lastRaisedAt: now, count: latest.count + 1 };
        delete reopened.resolvedAt;
        delete reopened.resolvedBy;
        delete reopened.ackedAt;
        delete reopened.ackedBy;
        await this.ctx.repo.update(reopened);
        this.active.set(key, reopened);
        // Flapping: the webhook heard neither this resolution nor this re-opening.
        const wasQuiet = this.quietResolved.delete(key);
        this.ctx.bus.emit('alert', { alert: { ...reopened }, change: 'raised' });
        if (!wasQuiet) this.ctx.webhook?.send({ ...reopened }, 'opened');
        return;
      }
      const created = await this.ctx.repo.insert({ root, device, kind, severity: SEVERITY[kind], state: 'open', message, openedAt: now, lastRaisedAt: now, count: 1 });
      this.active.set(key, created);
      this.ctx.metrics.inc('sc_fleet_alerts_raised_total', { kind });
      this.ctx.log.info({ alert: created.id, room: root, kind, device }, message);
      this.notify(created, 'opened');
    });
  }

  /** Clears a condition; person-only alerts (help) are never resolved by the system. */
  resolve(root: string, kind: AlertKind, device: string): void {
    const key = keyOf(root, kind, device);
    if (!this.active.has(key) && !this.queues.has(key)) return;
    void this.enqueue(key, async () => {
      const current = this.active.get(key);
      if (current === undefined || !ACTIVE.has(current.state)) return;
      Object.assign(current, { state: 'resolved', resolvedAt: this.ctx.now(), resolvedBy: 'system' });
      await this.ctx.repo.update(current);
      this.active.delete(key);
      this.ctx.bus.emit('alert', { alert: { ...current }, change: 'resolved' });
      this.quietResolved.set(key, { ...current });
    });
  }

  /** Live to the dashboard always; to the webhook when opened, or resolved by a person. */
  private notify(alert: AlertRecord, change: 'opened' | 'raised' | 'acknowledged' | 'resolved'): void {
    this.ctx.bus.emit('alert', { alert: { ...alert }, change });
    if (change === 'opened' || change === 'resolved') this.ctx.webhook?.send({ ...alert }, change);
  }

  private enqueue(key: string, work: () => Promise<void>): Promise<void> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((err: unknown) => this.ctx.log.error({ err, key }, 'alert update failed'))
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    this.queues.set(key, next);
    return next;
  }
}
