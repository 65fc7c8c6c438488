import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { EventBus } from '../../core/event-bus.js';
import { ScError, messageOf } from '../../core/errors/index.js';
import { encodeFrame } from './frame.js';
import { ACK_LOG, recoverOutbox, segmentName, type SegmentInfo } from './recover.js';
import { OUTBOX_KINDS, recordBody, type OutboxInput, type OutboxRecord } from './records.js';

export interface OutboxContext {
  dir: string;
  /** Bound on the bytes of pending records; disk use stays under about twice this. */
  maxBytes: number;
  log: Logger;
  /** fdatasync every group of appended records (default true: a power cut loses nothing acknowledged to the caller). */
  fsync?: boolean;
  segmentBytes?: number;
}

export interface OutboxEvents extends Record<string, unknown> {
  /** A record is stored (durably, or in memory when the disk refused it) and may be sent. */
  appended: OutboxRecord;
  problem: ScError;
}

interface Waiter {
  record: OutboxRecord;
  frame: Buffer;
  resolve: (r: OutboxRecord) => void;
}

interface Head {
  info: SegmentInfo;
  handle: FileHandle;
  broken: boolean;
}

const ACK_LOG_COMPACT_BYTES = 256 * 1024;

/**
 * The store-and-forward queue of the uplink: an append-only, checksummed file store. Records
 * are appended in groups (one write and one fdatasync per group), replayed in order, and
 * forgotten only when `complete(n)` says the broker acknowledged them. Segment files whose
 * records are all done are deleted; the ack log is compacted when it grows.
 */
export class Outbox {
  readonly events: EventBus<OutboxEvents>;
  private readonly records = new Map<number, OutboxRecord>();
  private readonly done = new Set<number>();
  private segmentOf = new Map<number, SegmentInfo>();
  private segments: SegmentInfo[] = [];
  private head: Head | undefined;
  private ackHandle: FileHandle | undefined;
  private ackLogSize = 0;
  private writes: Waiter[] = [];
  private acks: number[] = [];
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private liveBytes = 0;
  private nextN = 1;
  private lastSegmentNumber = 0;
  private seqHigh = -1;
  private droppedCount = 0;
  private diskError: ScError | undefined;
  private closed = true;

  constructor(private readonly ctx: OutboxContext) {
    this.events = new EventBus<OutboxEvents>(ctx.log);
  }

  async start(): Promise<ScError[]> {
    const r = await recoverOutbox(this.ctx.dir);
    this.segments = r.segments;
    this.segmentOf = r.segmentOf;
    for (const n of r.done) this.done.add(n);
    for (const record of r.pending) {
      this.records.set(record.n, record);
      this.liveBytes += record.bytes;
    }
    this.nextN = r.nextN;
    this.seqHigh = r.maxSeq;
    this.ackLogSize = r.ackLogSize;
    this.lastSegmentNumber = r.segments.reduce((m, s) => Math.max(m, Number(s.name.slice(4, 20))), 0);
    for (const p of r.problems) this.ctx.log.warn({ code: p.code }, p.message);
    try {
      this.ackHandle = await open(join(this.ctx.dir, ACK_LOG), 'a');
    } catch (err) {
      throw new ScError('SC_ERR_OUTBOX_IO', { path: join(this.ctx.dir, ACK_LOG), reason: messageOf(err) }, { cause: err });
    }
    this.closed = false;
    return r.problems;
  }

  /** Waits for every write, then closes the files. Pending records stay on disk for the next start. */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.scheduleNow();
    await this.chain;
    await this.head?.handle.close().catch(() => undefined);
    await this.ackHandle?.close().catch(() => undefined);
    this.head = undefined;
    this.ackHandle = undefined;
    this.events.clear();
  }

  /** The next event `seq`: one more than any given out before, across restarts. */
  nextSeq(): number {
    this.seqHigh += 1;
    return this.seqHigh;
  }

  append(input: OutboxInput): Promise<OutboxRecord> {
    if (this.closed) return Promise.reject(new ScError('SC_ERR_OUTBOX_IO', { path: this.ctx.dir, reason: 'the outbox is closed' }));
    const n = this.nextN++;
    const frame = encodeFrame(recordBody(n, input));
    const record: OutboxRecord = { ...input, n, bytes: frame.length, durable: false };
    if (input.seq !== undefined) this.seqHigh = Math.max(this.seqHigh, input.seq);
    // Only the latest retained value of a topic matters: an older one still waiting is superseded.
    if (input.kind !== 'event') for (const r of this.records.values()) if (r.topic === input.topic) this.finish(r.n);
    this.makeRoom(record.bytes);
    this.records.set(n, record);
    this.liveBytes += record.bytes;
    return new Promise((resolve) => {
      this.writes.push({ record, frame, resolve });
      this.schedule();
    });
  }

  /** The broker acknowledged record n (or it is no longer wanted): forget it. */
  complete(n: number): void {
    this.finish(n);
  }

  /** Drops every pending record of these kinds (the birth just sent newer state). */
  dropKinds(kinds: readonly OutboxRecord['kind'][]): number {
    let count = 0;
    for (const r of [...this.records.values()]) {
      if (kinds.includes(r.kind)) {
        this.finish(r.n);
        count += 1;
      }
    }
    return count;
  }

  has(n: number): boolean {
    return this.records.has(n);
  }

  /** Pending records in replay order. */
  pending(): OutboxRecord[] {
    return [...this.records.values()];
  }

  get depth(): number {
    return this.records.size;
  }

  get bytes(): number {
    return this.liveBytes;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get error(): ScError | undefined {
    return this.diskError;
  }

  /** Resolves when everything appended or completed so far is written. */
  async flush(): Promise<void> {
    this.scheduleNow();
    await this.chain;
  }

  private finish(n: number): void {
    const record = this.records.get(n);
    if (record === undefined) return;
    this.records.delete(n);
    this.liveBytes -= record.bytes;
    const segment = this.segmentOf.get(n);
    if (segment !== undefined) {
      segment.live -= 1;
      segment.liveBytes -= record.bytes;
      this.done.add(n);
      this.acks.push(n);
      this.schedule();
    }
  }

  /** Full: drop health, then state, then session, then events, oldest first in each. */
  private makeRoom(incoming: number): void {
    if (this.liveBytes + incoming <= this.ctx.maxBytes) return;
    const droppedBy: Record<string, number> = {};
    for (const kind of OUTBOX_KINDS) {
      for (const r of [...this.records.values()]) {
        if (this.liveBytes + incoming <= this.ctx.maxBytes) break;
        if (r.kind !== kind) continue;
        this.finish(r.n);
        this.droppedCount += 1;
        droppedBy[kind] = (droppedBy[kind] ?? 0) + 1;
      }
    }
    for (const [kind, count] of Object.entries(droppedBy)) {
      const err = new ScError('SC_ERR_OUTBOX_FULL', { bytes: this.liveBytes, max: this.ctx.maxBytes, count, kind });
      this.ctx.log.warn({ code: err.code, kind, count }, err.message);
      this.events.emit('problem', err);
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // Everything appended in this turn of the event loop goes in one write.
    setImmediate(() => this.scheduleNow());
  }

  private scheduleNow(): void {
    this.scheduled = false;
    if (this.writes.length === 0 && this.acks.length === 0) return;
    const writes = this.writes.splice(0);
    const acks = this.acks.splice(0);
    this.chain = this.chain.then(() => this.writeGroup(writes, acks));
  }

  private async writeGroup(writes: Waiter[], acks: number[]): Promise<void> {
    if (writes.length > 0) await this.writeRecords(writes);
    const deletable = this.segments.filter((s) => s !== this.head?.info && s.live === 0);
    if (acks.length > 0 || deletable.length > 0) await this.writeAcks(acks, deletable.length > 0);
    for (const s of deletable) await this.deleteSegment(s);
    await this.compactSegments();
    if (this.ackLogSize > ACK_LOG_COMPACT_BYTES) await this.compactAckLog();
  }

  /**
   * Keeps the disk bounded when superseded state fills segments that one old pending event
   * keeps alive: the live records of a mostly-done old segment move to the head, and it goes.
   */
  private async compactSegments(): Promise<void> {
    const onDisk = this.segments.reduce((sum, s) => sum + s.size, 0);
    if (onDisk <= this.ctx.maxBytes) return;
    const victim = this.segments.find((s) => s !== this.head?.info && s.live > 0 && s.liveBytes * 2 < s.size);
    if (victim === undefined) return;
    const moving = victim.ns.filter((n) => this.segmentOf.get(n) === victim && this.records.has(n));
    const frames: Buffer[] = [];
    for (const n of moving) {
      const r = this.records.get(n);
      if (r !== undefined) frames.push(encodeFrame(recordBody(n, r)));
    }
    try {
      const head = await this.headFor(this.nextN);
      if (head.info === victim) return;
      const buf = Buffer.concat(frames);
      await head.handle.write(buf);
      await head.handle.datasync();
      head.info.size += buf.length;
      for (const n of moving) {
        const r = this.records.get(n);
        if (r === undefined) continue;
        head.info.ns.push(n);
        head.info.live += 1;
        head.info.liveBytes += r.bytes;
        victim.live -= 1;
        victim.liveBytes -= r.bytes;
        this.segmentOf.set(n, head.info);
      }
      await this.deleteSegment(victim);
    } catch (err) {
      if (this.head !== undefined) this.head.broken = true;
      this.reportDisk(err);
    }
  }

  private async writeRecords(writes: Waiter[]): Promise<void> {
    const first = writes[0]?.record.n ?? this.nextN;
    const buf = Buffer.concat(writes.map((w) => w.frame));
    let ok = false;
    try {
      const head = await this.headFor(first);
      const before = head.info.size;
      try {
        await head.handle.write(buf);
        if (this.ctx.fsync !== false) await head.handle.datasync();
        head.info.size += buf.length;
        ok = true;
        for (const w of writes) {
          head.info.ns.push(w.record.n);
          this.segmentOf.set(w.record.n, head.info);
          if (this.records.has(w.record.n)) {
            head.info.live += 1;
            head.info.liveBytes += w.record.bytes;
          } else {
            this.done.add(w.record.n);
            this.acks.push(w.record.n);
          }
        }
      } catch (err) {
        // A half-written group would hide every later frame from the reader: cut it off, and
        // start a new segment next time whatever happens.
        head.broken = true;
        await head.handle.truncate(before).catch(() => undefined);
        throw err;
      }
    } catch (err) {
      this.reportDisk(err);
    }
    if (ok && this.diskError !== undefined) {
      this.ctx.log.info('outbox writes work again');
      this.diskError = undefined;
    }
    for (const w of writes) {
      w.record.durable = ok;
      w.resolve(w.record);
      if (this.records.has(w.record.n)) this.events.emit('appended', w.record);
    }
  }

  private async headFor(firstN: number): Promise<Head> {
    const limit = this.ctx.segmentBytes ?? Math.max(64 * 1024, Math.floor(this.ctx.maxBytes / 8));
    const h = this.head;
    if (h !== undefined && !h.broken && h.info.size < limit && !(h.info.live === 0 && h.info.size >= 16 * 1024)) return h;
    if (h !== undefined) {
      this.head = undefined;
      await h.handle.close().catch(() => undefined);
      if (h.info.live === 0 && h.info.size === 0) await this.deleteSegment(h.info);
    }
    // At start the newest segment becomes the head again (no file per restart).
    const last = this.segments[this.segments.length - 1];
    const reuse = h === undefined && last !== undefined && last.size < limit ? last : undefined;
    const number = reuse !== undefined ? Number(reuse.name.slice(4, 20)) : Math.max(this.lastSegmentNumber + 1, firstN);
    const name = segmentName(number);
    const info = reuse ?? { name, path: join(this.ctx.dir, name), size: 0, ns: [], live: 0, liveBytes: 0 };
    this.lastSegmentNumber = Math.max(this.lastSegmentNumber, number);
    const handle = await open(info.path, 'a');
    if (reuse === undefined) this.segments.push(info);
    this.head = { info, handle, broken: false };
    return this.head;
  }

  private async writeAcks(ns: number[], sync: boolean): Promise<void> {
    if (this.ackHandle === undefined) return;
    const frame = encodeFrame(JSON.stringify({ a: ns, seq: this.seqHigh, next: this.nextN }));
    try {
      await this.ackHandle.write(frame);
      // Before a segment is deleted its counters must be on disk: a lost seq could be reused.
      if (sync) await this.ackHandle.datasync();
      this.ackLogSize += frame.length;
    } catch (err) {
      this.reportDisk(err);
    }
  }

  private async deleteSegment(s: SegmentInfo): Promise<void> {
    try {
      await unlink(s.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.reportDisk(err);
    }
    this.segments = this.segments.filter((x) => x !== s);
    for (const n of s.ns) {
      if (this.segmentOf.get(n) !== s) continue;
      this.segmentOf.delete(n);
      this.done.delete(n);
    }
  }

  /** Rewrites the ack log as one frame: a floor below which all is done, and the done above it. */
  private async compactAckLog(): Promise<void> {
    // The map is in outbox order, so its first key is the oldest pending record.
    const pendingMin = this.records.keys().next().value ?? this.nextN;
    const above = [...this.done].filter((n) => n > pendingMin);
    const frame = encodeFrame(JSON.stringify({ f: pendingMin - 1, a: above, seq: this.seqHigh, next: this.nextN }));
    const path = join(this.ctx.dir, ACK_LOG);
    try {
      const tmp = `${path}.tmp`;
      const handle = await open(tmp, 'w');
      await handle.write(frame);
      await handle.datasync();
      await handle.close();
      await this.ackHandle?.close();
      await rename(tmp, path);
      this.ackHandle = await open(path, 'a');
      this.ackLogSize = frame.length;
    } catch (err) {
      this.reportDisk(err);
    }
  }

  private reportDisk(err: unknown): void {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOSPC' ? 'the disk is full' : messageOf(err);
    const problem = new ScError('SC_ERR_OUTBOX_IO', { path: this.ctx.dir, reason }, { cause: err });
    if (this.diskError?.message !== problem.message) this.ctx.log.error({ code: problem.code, errno: code }, problem.message);
    this.diskError = problem;
    this.events.emit('problem', problem);
  }
}
