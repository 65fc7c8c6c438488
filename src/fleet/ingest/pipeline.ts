import type { EventBus } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import type { FleetEvents } from '../events.js';
import type { FleetMetrics } from '../metrics.js';
import type { FleetStore } from '../store/store.js';
import { BatchWriter } from './batch-writer.js';
import { Ingestor } from './ingestor.js';
import { FleetModel } from './model.js';
import { SkewEstimator } from './skew.js';
import { PayloadValidator } from './validate.js';

export interface IngestPipelineContext {
  store: FleetStore;
  bus: EventBus<FleetEvents>;
  log: Logger;
  metrics: FleetMetrics;
  now?: () => number;
  maxBatch?: number;
  flushMs?: number;
}

/** The model, the batch writer and the ingestor, wired and loaded from the store. */
export class IngestPipeline {
  readonly model = new FleetModel();
  private writerInstance: BatchWriter | undefined;
  private ingestorInstance: Ingestor | undefined;

  constructor(private readonly ctx: IngestPipelineContext) {}

  get writer(): BatchWriter {
    if (this.writerInstance === undefined) throw new Error('ingest used before start()');
    return this.writerInstance;
  }

  get ingestor(): Ingestor {
    if (this.ingestorInstance === undefined) throw new Error('ingest used before start()');
    return this.ingestorInstance;
  }

  async start(): Promise<void> {
    const now = this.ctx.now ?? Date.now;
    const log = this.ctx.log.child({ component: 'ingest' });
    for (const r of await this.ctx.store.rooms.listRooms()) this.model.addRoom(r, now());
    const snapshots = await this.ctx.store.ingest.loadSnapshots();
    this.model.restore(snapshots.rooms, snapshots.devices, now());
    this.writerInstance = new BatchWriter({
      repo: this.ctx.store.ingest,
      model: this.model,
      bus: this.ctx.bus,
      log,
      metrics: this.ctx.metrics,
      maxBatch: this.ctx.maxBatch ?? 2000,
      flushMs: this.ctx.flushMs ?? 50,
    });
    this.ingestorInstance = new Ingestor({
      model: this.model,
      writer: this.writerInstance,
      skew: new SkewEstimator(),
      validator: new PayloadValidator(),
      bus: this.ctx.bus,
      log,
      metrics: this.ctx.metrics,
      now,
    });
  }

  async stop(): Promise<void> {
    await this.writerInstance?.stop();
  }
}
