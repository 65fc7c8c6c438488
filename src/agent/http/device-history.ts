import type { ErrorGroup as ContractErrorGroup, ErrorRecord, HistorySample } from '../../contract/technician.js';
import type { EventBus } from '../../core/event-bus.js';
import type { RoomEvents } from '../events.js';

export type { ErrorRecord, HistorySample } from '../../contract/technician.js';

/** The same error seen again and again on one device (the contract's group, before the route adds the catalog's hint). */
export type ErrorGroup = Omit<ContractErrorGroup, 'hint'>;

/**
 * A short memory per device for the technician page: latency and status over the last
 * samples (the sparkline) and the last errors. Fed by room events only; nothing polls.
 */
export class DeviceHistory {
  private readonly samples = new Map<string, HistorySample[]>();
  private readonly errors = new Map<string, ErrorRecord[]>();
  private readonly groups = new Map<string, Map<string, ErrorGroup>>();
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly limits: { samples: number; errors: number; groups: number } = { samples: 120, errors: 10, groups: 10 },
  ) {}

  attach(bus: EventBus<RoomEvents>): void {
    this.offs.push(
      bus.on('device-state', (e) => {
        this.push(this.samples, e.device, { ts: e.ts, status: e.state.status, ...(e.state.latencyMs === undefined ? {} : { latencyMs: e.state.latencyMs }) }, this.limits.samples);
        const err = e.state.lastError;
        if (err !== undefined && err.at !== e.previous.lastError?.at) this.pushError(e.device, { ts: err.at, code: err.code, message: err.message });
      }),
      bus.on('command-done', (e) => {
        this.push(this.samples, e.device, { ts: e.ts, status: e.ok ? 'online' : 'error', latencyMs: e.latencyMs }, this.limits.samples);
        if (e.error !== undefined) this.pushError(e.device, { ts: e.ts, code: e.error.code, message: e.error.message, action: e.action });
      }),
    );
  }

  detach(): void {
    for (const off of this.offs.splice(0)) off();
  }

  recordError(device: string, record: ErrorRecord): void {
    this.pushError(device, record);
  }

  of(device: string): { samples: HistorySample[]; errors: ErrorRecord[]; groups: ErrorGroup[] } {
    const groups = [...(this.groups.get(device)?.values() ?? [])].map((g) => ({ ...g })).sort((a, b) => b.last - a.last);
    return { samples: [...(this.samples.get(device) ?? [])], errors: [...(this.errors.get(device) ?? [])], groups };
  }

  private pushError(device: string, record: ErrorRecord): void {
    const list = this.errors.get(device) ?? [];
    if (list.some((r) => r.ts === record.ts && r.code === record.code)) return;
    this.push(this.errors, device, record, this.limits.errors);
    this.group(device, record);
  }

  /** Counts every error by code and command, so a timeout repeated at each poll is one line "x40 since 09:21". */
  private group(device: string, record: ErrorRecord): void {
    const groups = this.groups.get(device) ?? new Map<string, ErrorGroup>();
    this.groups.set(device, groups);
    const key = `${record.code}\u0000${record.action ?? ''}`;
    const known = groups.get(key);
    if (known !== undefined) {
      Object.assign(known, { count: known.count + 1, message: record.message, first: Math.min(known.first, record.ts), last: Math.max(known.last, record.ts) });
      return;
    }
    groups.set(key, { code: record.code, message: record.message, ...(record.action === undefined ? {} : { action: record.action }), count: 1, first: record.ts, last: record.ts });
    if (groups.size > this.limits.groups) {
      const oldest = [...groups.entries()].sort((a, b) => a[1].last - b[1].last)[0];
      if (oldest !== undefined) groups.delete(oldest[0]);
    }
  }

  private push<T>(map: Map<string, T[]>, device: string, item: T, limit: number): void {
    const list = map.get(device) ?? [];
    list.push(item);
    if (list.length > limit) list.splice(0, list.length - limit);
    map.set(device, list);
  }
}
