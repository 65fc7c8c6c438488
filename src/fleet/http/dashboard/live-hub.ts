import type { EventBus } from '../../../core/event-bus.js';
import type { FleetEvents } from '../../events.js';
import type { FleetModel } from '../../ingest/model.js';
import type { AlertRepo } from '../../store/store.js';
import type { LiveMessageDto, RoomSummaryDto } from '../../../contract/dashboard.js';
import { HealthHistory } from './health-history.js';
import { alertDto, commandDto, eventDto, healthPoint, roomSummary } from './summaries.js';

export interface LiveClient {
  /** Whether this client may see the room (a technician sees only their sites). */
  sees(root: string): boolean;
  send(message: LiveMessageDto): void;
}

export interface DashboardHubContext {
  model: FleetModel;
  events: EventBus<FleetEvents>;
  alerts: AlertRepo;
  /** Room changes are gathered this long and sent as one message (default 150 ms). */
  flushMs?: number;
}

/**
 * The dashboard's view of the fleet bus: active-alert counts per room, recent health per room,
 * and the live stream to every open dashboard. Room changes are coalesced: a burst of a
 * thousand messages from a reconnecting site becomes one `rooms` message per flush, with
 * each room once, and there is one flush timer for the whole fleet, armed only when needed.
 */
export class DashboardHub {
  readonly health = new HealthHistory();
  private readonly activeAlerts = new Map<string, Set<number>>();
  private readonly dirty = new Set<string>();
  private readonly clients = new Set<LiveClient>();
  private readonly off: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: DashboardHubContext) {}

  async start(): Promise<void> {
    for (const a of await this.ctx.alerts.list({ state: 'active', limit: 100_000 })) this.countAlert(a.root, a.id, true);
    const bus = this.ctx.events;
    this.off.push(
      bus.on('room', ({ root }) => this.touch(root)),
      bus.on('device', ({ root }) => this.touch(root)),
      bus.on('session', ({ root }) => this.touch(root)),
      bus.on('health', ({ root, health, skewMs }) => {
        const point = healthPoint(health, skewMs);
        this.health.add(root, point);
        this.touch(root);
        this.broadcast(root, { type: 'health', root, point });
      }),
      bus.on('event', ({ event }) => {
        // Recorder and device changes come with an event; the summary may have changed too.
        this.touch(event.root);
        this.broadcast(event.root, { type: 'event', event: eventDto(event) });
      }),
      bus.on('alert', ({ alert, change }) => {
        this.countAlert(alert.root, alert.id, alert.state !== 'resolved');
        this.touch(alert.root);
        this.broadcast(alert.root, { type: 'alert', alert: alertDto(alert), change });
      }),
      bus.on('command', ({ audit }) => {
        if (audit.root !== undefined) this.broadcast(audit.root, { type: 'command', command: commandDto(audit) });
      }),
    );
  }

  async stop(): Promise<void> {
    for (const off of this.off.splice(0)) off();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.clients.clear();
  }

  private countAlert(root: string, id: number, active: boolean): void {
    let set = this.activeAlerts.get(root);
    if (active) {
      if (set === undefined) this.activeAlerts.set(root, (set = new Set()));
      set.add(id);
    } else if (set !== undefined) {
      set.delete(id);
      if (set.size === 0) this.activeAlerts.delete(root);
    }
  }

  alertCount(root: string): number {
    return this.activeAlerts.get(root)?.size ?? 0;
  }

  summary(root: string): RoomSummaryDto | undefined {
    const view = this.ctx.model.get(root);
    return view === undefined ? undefined : roomSummary(view, this.alertCount(root));
  }

  summaries(sees: (root: string) => boolean): RoomSummaryDto[] {
    const out: RoomSummaryDto[] = [];
    for (const view of this.ctx.model.rooms.values()) if (sees(view.root)) out.push(roomSummary(view, this.alertCount(view.root)));
    return out;
  }

  addClient(client: LiveClient): () => void {
    this.clients.add(client);
    return () => this.clients.delete(client);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  private touch(root: string): void {
    if (this.clients.size === 0) return;
    this.dirty.add(root);
    this.timer ??= setTimeout(() => this.flush(), this.ctx.flushMs ?? 150);
  }

  private flush(): void {
    this.timer = undefined;
    const summaries: RoomSummaryDto[] = [];
    for (const root of this.dirty) {
      const s = this.summary(root);
      if (s !== undefined) summaries.push(s);
    }
    this.dirty.clear();
    for (const client of this.clients) {
      const mine = summaries.filter((s) => client.sees(s.root));
      if (mine.length > 0) client.send({ type: 'rooms', rooms: mine });
    }
  }

  private broadcast(root: string, message: LiveMessageDto): void {
    for (const client of this.clients) if (client.sees(root)) client.send(message);
  }
}
