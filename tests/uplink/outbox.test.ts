import { appendFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../src/uplink/outbox/outbox.js';
import type { OutboxInput } from '../../src/uplink/outbox/records.js';
import { tempDir, type TempDir } from '../helpers/index.js';
import { memoryLogger } from './helpers.js';

const dirs: TempDir[] = [];
const open: Outbox[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.stop();
  for (const d of dirs.splice(0)) d.remove();
});

function event(i: number, size = 40): OutboxInput {
  return { kind: 'event', topic: 'sc/v1/ke/s/r/event', payload: JSON.stringify({ i, pad: 'x'.repeat(size) }), retain: false, qos: 1, createdAt: 1000 + i, seq: i };
}

async function outbox(dir: string, maxBytes = 1 << 20, extra: Partial<ConstructorParameters<typeof Outbox>[0]> = {}) {
  const logger = memoryLogger();
  const o = new Outbox({ dir, maxBytes, log: logger.log, ...extra });
  const problems = await o.start();
  open.push(o);
  return { o, problems, lines: logger.lines };
}

function fresh(): string {
  const d = tempDir('sc-outbox-');
  dirs.push(d);
  return join(d.path, 'outbox');
}

describe('outbox store', () => {
  it('keeps appended records across a restart, in order, and forgets only what was completed', async () => {
    const dir = fresh();
    const { o } = await outbox(dir);
    const stored = await Promise.all(Array.from({ length: 50 }, (_, i) => o.append(event(i))));
    expect(stored.every((r) => r.durable)).toBe(true);
    for (const r of stored.slice(0, 20)) o.complete(r.n);
    await o.stop();
    open.length = 0;
    const { o: again } = await outbox(dir);
    const pending = again.pending();
    expect(pending.map((r) => JSON.parse(r.payload).i)).toEqual(Array.from({ length: 30 }, (_, i) => i + 20));
    expect(pending[0]?.createdAt).toBe(1020);
    // seq and positions continue where they were, never reused
    expect(again.nextSeq()).toBe(50);
    const next = await again.append(event(99));
    expect(next.n).toBeGreaterThan(stored[49]!.n);
  });

  it('skips a torn last record after a power cut, reports it, and keeps appending behind the good ones', async () => {
    const dir = fresh();
    const { o } = await outbox(dir);
    for (let i = 0; i < 10; i++) await o.append(event(i));
    await o.stop();
    open.length = 0;
    const seg = readdirSync(dir).find((f) => f.startsWith('seg-'))!;
    // half a frame: a length header promising more than follows
    const torn = Buffer.alloc(20);
    torn.writeUInt32LE(500, 0);
    appendFileSync(join(dir, seg), torn);
    const { o: again, problems } = await outbox(dir);
    expect(problems.map((p) => p.code)).toEqual(['SC_ERR_OUTBOX_CORRUPT']);
    expect(again.depth).toBe(10);
    await again.append(event(10));
    await again.stop();
    open.length = 0;
    const { o: third, problems: none } = await outbox(dir);
    expect(none).toEqual([]);
    expect(third.pending().map((r) => JSON.parse(r.payload).i)).toEqual(Array.from({ length: 11 }, (_, i) => i));
  });

  it('detects a record whose bytes changed (checksum) and does not replay garbage', async () => {
    const dir = fresh();
    const { o } = await outbox(dir);
    for (let i = 0; i < 3; i++) await o.append(event(i));
    await o.stop();
    open.length = 0;
    const seg = join(dir, readdirSync(dir).find((f) => f.startsWith('seg-'))!);
    const size = statSync(seg).size;
    const { readFileSync } = await import('node:fs');
    const buf = readFileSync(seg);
    buf[size - 5] = buf[size - 5]! ^ 0xff;
    writeFileSync(seg, buf);
    const { o: again, problems } = await outbox(dir);
    expect(problems[0]?.code).toBe('SC_ERR_OUTBOX_CORRUPT');
    expect(again.pending().map((r) => JSON.parse(r.payload).i)).toEqual([0, 1]);
  });

  it('when full drops health first, then state, then events (oldest first), and says so', async () => {
    const dir = fresh();
    const { o, lines } = await outbox(dir, 65_536);
    await o.append({ kind: 'health', topic: 'R/health', payload: JSON.stringify({ pad: 'h'.repeat(2000) }), retain: true, qos: 0, createdAt: 1 });
    for (let d = 0; d < 5; d++) await o.append({ kind: 'state', topic: `R/state/d${d}`, payload: JSON.stringify({ pad: 's'.repeat(2000) }), retain: true, qos: 1, createdAt: 2 });
    for (let i = 0; i < 100; i++) await o.append(event(i, 600));
    const kinds = o.pending().map((r) => r.kind);
    expect(kinds).not.toContain('health');
    expect(kinds).not.toContain('state');
    expect(o.bytes).toBeLessThanOrEqual(65_536);
    const events = o.pending().map((r) => JSON.parse(r.payload).i as number);
    // the newest events stay, oldest were dropped, and order is kept
    expect(events[events.length - 1]).toBe(99);
    expect(events).toEqual([...events].sort((a, b) => a - b));
    expect(o.dropped).toBeGreaterThan(6);
    expect(lines().some((l) => l.code === 'SC_ERR_OUTBOX_FULL')).toBe(true);
  });

  it('keeps only the latest pending value of a retained topic', async () => {
    const { o } = await outbox(fresh());
    await o.append({ kind: 'state', topic: 'R/state/cam', payload: '{"v":1}', retain: true, qos: 1, createdAt: 1 });
    await o.append(event(1));
    await o.append({ kind: 'state', topic: 'R/state/cam', payload: '{"v":2}', retain: true, qos: 1, createdAt: 2 });
    expect(o.pending().map((r) => r.payload)).toEqual([event(1).payload, '{"v":2}']);
  });

  it('deletes segment files once all their records are done, and bounds the disk', async () => {
    const dir = fresh();
    const { o } = await outbox(dir, 65_536, { segmentBytes: 4096 });
    for (let round = 0; round < 20; round++) {
      const batch = await Promise.all(Array.from({ length: 20 }, (_, i) => o.append(event(round * 20 + i, 100))));
      for (const r of batch) o.complete(r.n);
    }
    await o.flush();
    const segs = readdirSync(dir).filter((f) => f.startsWith('seg-'));
    expect(segs.length).toBeLessThanOrEqual(2);
    expect(o.depth).toBe(0);
  });

  it('reports a full disk without failing: records stay in memory and the next segment is used', async () => {
    const dir = fresh();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    // The segment the outbox will append to is /dev/full: every write fails with ENOSPC.
    symlinkSync('/dev/full', join(dir, 'seg-0000000000000001.log'));
    const { o } = await outbox(dir);
    const problems: string[] = [];
    o.events.on('problem', (p) => void problems.push(p.message));
    const r = await o.append(event(1));
    expect(r.durable).toBe(false);
    expect(o.has(r.n)).toBe(true);
    expect(o.error?.code).toBe('SC_ERR_OUTBOX_IO');
    expect(o.error?.message).toMatch(/disk is full/);
    expect(problems.length).toBe(1);
    const r2 = await o.append(event(2));
    expect(r2.durable).toBe(true);
    expect(o.error).toBeUndefined();
  });
});
