import type { EventBus } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import type { FleetEvents } from '../events.js';
import type { FleetMetrics } from '../metrics.js';
import type { IngestRepo } from '../store/store.js';
import { emptyBatch, type DeviceSnapshot, type IngestBatch, type StoredEvent } from '../store/types.js';
import type { FleetModel } from './model.js';

export interface BatchWriterContext {
  repo: IngestRepo;
  model: FleetModel;
  bus: EventBus<FleetEvents>;
  log: Logger;
  metrics: FleetMetrics;
  /** Flush when this many messages wait... */
  maxBatch: number;
  /** ...or this long after the first one. */
  flushMs: number;
}

interface RoomParts {
  birth: boolean;
  session: boolean;
  health: boolean;
}

/**
 * Collects what ingest learned and writes it in one transaction per batch: SQLite does
 * thousands of rows in one transaction in the time of a few single commits.
 */
export class BatchWriter {
  private batch: IngestBatch = emptyBatch();
  private readonly rooms = new Map<string, RoomParts>();
  private readonly devices = new Map<string, DeviceSnapshot>();
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Messages handed over and not yet committed: the backlog /metrics reports. */
  private inFlight = 0;

  constructor(private readonly ctx: BatchWriterContext) {}

  get backlog(): number {
    return this.pending + this.inFlight;
  }

  event(e: StoredEvent): void {
    this.batch.events.push(e);
    this.bump();
  }

  room(root: string, parts?: Partial<RoomParts>): void {
    let p = this.rooms.get(root);
    if (p === undefined) this.rooms.set(root, (p = { birth: false, session: false, health: false }));
    if (parts !== undefined) {
      p.birth ||= parts.birth === true;
      p.session ||= parts.session === true;
      p.health ||= parts.health === true;
    }
    this.bump();
  }

  device(d: DeviceSnapshot): void {
    // Report by exception: only the latest state of a device in a batch matters, but a
    // status change in between must not be lost, so flush first when the status differs.
    const key = `${d.root}\u0000${d.device}`;
    const before = this.devices.get(key);
    if (before !== undefined && before.status !== d.status) this.flushNow();
    this.devices.set(key, d);
    this.bump();
  }

  sessionStart(root: string, at: number, scene: string | undefined, by: string): void {
    this.batch.sessions.push({ op: 'start', root, at, ...(scene === undefined ? {} : { scene }), by });
    this.bump();
  }

  sessionEnd(root: string, at: number): void {
    this.batch.sessions.push({ op: 'end', root, at });
    this.bump();
  }

  recording(root: string, device: string, at: number, recording: boolean): void {
    this.batch.recordings.push({ op: recording ? 'start' : 'end', root, device, at });
    this.bump();
  }

  /** Writes what is pending; resolves when it is committed. */
  flush(): Promise<void> {
    this.flushNow();
    return this.chain;
  }

  async stop(): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private bump(): void {
    this.pending++;
    if (this.pending >= this.ctx.maxBatch) this.flushNow();
    else if (this.timer === undefined) this.timer = setTimeout(() => this.flushNow(), this.ctx.flushMs);
  }

  private flushNow(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === 0) return;
    const batch = this.take();
    const count = this.pending;
    this.pending = 0;
    this.inFlight += count;
    this.chain = this.chain.then(() => this.write(batch, count));
  }

  private take(): IngestBatch {
    const batch = this.batch;
    this.batch = emptyBatch();
    for (const [root, parts] of this.rooms) {
      const view = this.ctx.model.get(root);
      if (view !== undefined) batch.rooms.push(this.ctx.model.snapshot(view, parts));
    }
    this.rooms.clear();
    batch.devices.push(...this.devices.values());
    this.devices.clear();
    return batch;
  }

  private async write(batch: IngestBatch, count: number): Promise<void> {
    const { metrics, bus } = this.ctx;
    try {
      const result = await this.ctx.repo.write(batch);
      metrics.inc('sc_fleet_store_batches_total');
      if (result.duplicates > 0) metrics.inc('sc_fleet_events_duplicate_total', {}, result.duplicates);
      for (const gap of result.gaps) {
        metrics.inc('sc_fleet_events_gap_total', {}, gap.toSeq - gap.fromSeq + 1);
        bus.emit('gap', { gap });
      }
      for (const transition of result.transitions) bus.emit('transition', { transition });
    } catch (err) {
      metrics.inc('sc_fleet_store_errors_total');
      this.ctx.log.error({ err, events: batch.events.length }, 'store write failed; this batch is lost');
    } finally {
      this.inFlight -= count;
    }
  }
}
