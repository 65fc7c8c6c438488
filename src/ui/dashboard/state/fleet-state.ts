import type { AlertDto, CommandDto, EventDto, HealthPointDto, LiveMessageDto, RoomSummaryDto, SiteDto } from '../api/types.js';
import { aggregate, type Aggregates } from '../model/aggregate.js';

export type Schedule = (flush: () => void) => void;
type Listener = () => void;

const MAX_FOCUS_EVENTS = 200;
const MAX_FOCUS_POINTS = 500;

/** Live detail for the room page that is open, and only that one. */
export interface FocusData {
  root: string;
  events: EventDto[];
  health: HealthPointDto[];
  commands: CommandDto[];
}

/**
 * Everything the dashboard shows, fed by the one live stream. Messages change plain maps;
 * listeners hear about it once per scheduled flush (an animation frame in the browser), so a
 * burst of a thousand room updates costs one render, and no room has a timer of its own.
 */
export class FleetState {
  readonly rooms = new Map<string, RoomSummaryDto>();
  readonly sites = new Map<string, SiteDto>();
  readonly alerts = new Map<number, AlertDto>();
  focus: FocusData | undefined;
  /** Bumped on every flush with changes: components compare it to skip work. */
  version = 0;
  connected = false;
  private aggregatesCache: { version: number; value: Aggregates } | undefined;
  private readonly listeners = new Set<Listener>();
  private pending = false;

  constructor(private readonly schedule: Schedule) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = true;
    this.schedule(() => {
      this.pending = false;
      this.version += 1;
      for (const l of [...this.listeners]) l();
    });
  }

  get aggregates(): Aggregates {
    if (this.aggregatesCache?.version !== this.version) this.aggregatesCache = { version: this.version, value: aggregate(this.rooms.values()) };
    return this.aggregatesCache.value;
  }

  load(rooms: readonly RoomSummaryDto[], sites: readonly SiteDto[], alerts: readonly AlertDto[]): void {
    this.rooms.clear();
    for (const r of rooms) this.rooms.set(r.root, r);
    this.sites.clear();
    for (const s of sites) this.sites.set(s.key, s);
    this.alerts.clear();
    for (const a of alerts) if (a.state !== 'resolved') this.alerts.set(a.id, a);
    this.changed();
  }

  setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    this.changed();
  }

  setFocus(focus: FocusData | undefined): void {
    this.focus = focus;
    this.changed();
  }

  apply(msg: LiveMessageDto): void {
    switch (msg.type) {
      case 'hello':
        return;
      case 'rooms':
        for (const r of msg.rooms) this.rooms.set(r.root, r);
        break;
      case 'alert':
        if (msg.alert.state === 'resolved') this.alerts.delete(msg.alert.id);
        else this.alerts.set(msg.alert.id, msg.alert);
        break;
      case 'event':
        if (this.focus?.root !== msg.event.root) return;
        this.focus.events = [msg.event, ...this.focus.events].slice(0, MAX_FOCUS_EVENTS);
        break;
      case 'health':
        if (this.focus?.root !== msg.root) return;
        this.focus.health = [...this.focus.health, msg.point].slice(-MAX_FOCUS_POINTS);
        break;
      case 'command': {
        if (this.focus === undefined || this.focus.root !== msg.command.root) return;
        const others = this.focus.commands.filter((c) => c.id !== msg.command.id);
        this.focus.commands = [msg.command, ...others].sort((a, b) => b.at - a.at).slice(0, 50);
        break;
      }
    }
    this.changed();
  }

  /** Active alerts, newest first, optionally for one country or site. */
  alertList(filter: { country?: string; site?: string } = {}): AlertDto[] {
    const out: AlertDto[] = [];
    for (const a of this.alerts.values()) {
      const [, , country, site] = a.root.split('/');
      if (filter.country !== undefined && filter.country !== country) continue;
      if (filter.site !== undefined && filter.site !== site) continue;
      out.push(a);
    }
    return out.sort((a, b) => b.lastRaisedAt - a.lastRaisedAt || b.id - a.id);
  }
}
