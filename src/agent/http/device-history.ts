import type { ErrorRecord, HistorySample } from '../../contract/technician.js';
import type { EventBus } from '../../core/event-bus.js';
import type { RoomEvents } from '../events.js';

export type { ErrorRecord, HistorySample } from '../../contract/technician.js';

/**
 * A short memory per device for the technician page: latency and status over the last
 * samples (the sparkline) and the last errors. Fed by room events only; nothing polls.
 */
export class DeviceHistory {
  private readonly samples = new Map<string, HistorySample[]>();
  private readonly errors = new Map<string, ErrorRecord[]>();
  private readonly offs: (() => void)[] = [];

  constructor(
    private readonly limits: { samples: number; errors: number } = { samples: 120, errors: 10 },
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

  of(device: string): { samples: HistorySample[]; errors: ErrorRecord[] } {
    return { samples: [...(this.samples.get(device) ?? [])], errors: [...(this.errors.get(device) ?? [])] };
  }

  private pushError(device: string, record: ErrorRecord): void {
    const list = this.errors.get(device) ?? [];
    if (list.some((r) => r.ts === record.ts && r.code === record.code)) return;
    this.push(this.errors, device, record, this.limits.errors);
  }

  private push<T>(map: Map<string, T[]>, device: string, item: T, limit: number): void {
    const list = map.get(device) ?? [];
    list.push(item);
    if (list.length > limit) list.splice(0, list.length - limit);
    map.set(device, list);
  }
}
