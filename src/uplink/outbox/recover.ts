import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ScError, messageOf } from '../../core/errors/index.js';
import { decodeFrames } from './frame.js';
import { parseAckBody, parseRecordBody, type OutboxRecord } from './records.js';

export const ACK_LOG = 'acks.log';
const SEGMENT = /^seg-(\d{16})\.log$/;

export function segmentName(firstN: number): string {
  return `seg-${String(firstN).padStart(16, '0')}.log`;
}

export interface SegmentInfo {
  name: string;
  path: string;
  /** Bytes of good frames (the file is truncated to this). */
  size: number;
  /** Every record position stored in it, done or not. */
  ns: number[];
  /** Records in it that are still pending. */
  live: number;
  liveBytes: number;
}

export interface Recovered {
  segments: SegmentInfo[];
  /** Pending records in outbox order. */
  pending: OutboxRecord[];
  /** Positions on disk that are done. */
  done: Set<number>;
  /** Which segment holds each record on disk (the newest copy after a compaction). */
  segmentOf: Map<number, SegmentInfo>;
  nextN: number;
  maxSeq: number;
  ackLogSize: number;
  problems: ScError[];
}

/**
 * Reads a file of frames, truncating it after its last good frame so new frames are never
 * appended behind garbage. Only regular files are read (a symlink to /dev/full is empty).
 */
async function readFrames(path: string, problems: ScError[]): Promise<{ bodies: string[]; size: number }> {
  const handle = await open(path, 'r+').catch(() => open(path, 'r'));
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size === 0) return { bodies: [], size: 0 };
    const buf = Buffer.alloc(stat.size);
    await handle.read(buf, 0, stat.size, 0);
    const decoded = decodeFrames(buf);
    if (decoded.problem !== undefined) {
      problems.push(new ScError('SC_ERR_OUTBOX_CORRUPT', { path, offset: decoded.problem.offset, reason: decoded.problem.reason }));
      await handle.truncate(decoded.validBytes).catch(() => undefined);
    }
    return { bodies: decoded.bodies, size: decoded.validBytes };
  } finally {
    await handle.close();
  }
}

/** Rebuilds the outbox from its directory: what is pending, in order, and the counters. */
export async function recoverOutbox(dir: string): Promise<Recovered> {
  const problems: ScError[] = [];
  try {
    await mkdir(dir, { recursive: true });
    const names = (await readdir(dir)).filter((n) => SEGMENT.test(n)).sort();
    const ack = await readFrames(join(dir, ACK_LOG), problems).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { bodies: [], size: 0 };
      throw err;
    });
    let floor = 0;
    let maxSeq = -1;
    let nextN = 1;
    const acked = new Set<number>();
    for (const text of ack.bodies) {
      const body = parseAckBody(text);
      if (body === undefined) continue;
      if (body.f !== undefined) floor = Math.max(floor, body.f);
      for (const n of body.a ?? []) acked.add(n);
      if (body.seq !== undefined) maxSeq = Math.max(maxSeq, body.seq);
      if (body.next !== undefined) nextN = Math.max(nextN, body.next);
    }
    const segments: SegmentInfo[] = [];
    const byN = new Map<number, { record: OutboxRecord; segment: SegmentInfo }>();
    for (const name of names) {
      const path = join(dir, name);
      const { bodies, size } = await readFrames(path, problems);
      const segment: SegmentInfo = { name, path, size, ns: [], live: 0, liveBytes: 0 };
      segments.push(segment);
      for (const text of bodies) {
        const record = parseRecordBody(text, Buffer.byteLength(text) + 8);
        if (record === undefined) continue;
        segment.ns.push(record.n);
        // A compaction may have left a record in two segments: the later copy wins.
        byN.set(record.n, { record, segment });
        nextN = Math.max(nextN, record.n + 1);
        if (record.seq !== undefined) maxSeq = Math.max(maxSeq, record.seq);
      }
    }
    const done = new Set<number>();
    const pending: OutboxRecord[] = [];
    const segmentOf = new Map<number, SegmentInfo>();
    for (const [n, { record, segment }] of byN) {
      segmentOf.set(n, segment);
      if (n <= floor || acked.has(n)) {
        done.add(n);
        continue;
      }
      segment.live += 1;
      segment.liveBytes += record.bytes;
      pending.push(record);
    }
    pending.sort((a, b) => a.n - b.n);
    return { segments, pending, done, segmentOf, nextN, maxSeq, ackLogSize: ack.size, problems };
  } catch (err) {
    throw new ScError('SC_ERR_OUTBOX_IO', { path: dir, reason: messageOf(err) }, { cause: err });
  }
}
