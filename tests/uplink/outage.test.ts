import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startAedes, tempDir } from '../helpers/index.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { stopChild, track } from '../helpers/children.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { KillableMosquitto } from './brokers.js';
import { Watcher, dedupeEvents, makeUplink } from './fixture.js';
import { waitFor } from './helpers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(): string {
  const d = tempDir('sc-outage-');
  cleanups.push(() => d.remove());
  return d.path;
}

/** Every `i` in `expected` arrived, and after the contract's dedupe the events are in seq order. */
function checkDelivery(w: Watcher, expected: number[]): { duplicates: number; historical: number } {
  expect(w.invalid).toEqual([]);
  const { kept, duplicates } = dedupeEvents(w.events());
  const seqs = kept.map((e) => e.seq as number);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  const got = new Set(kept.map((e) => (e.data as { i: number }).i));
  const missing = expected.filter((i) => !got.has(i));
  expect(missing).toEqual([]);
  return { duplicates, historical: kept.filter((e) => e.historical === true).length };
}

describe('outages', () => {
  it('loses nothing when the broker is killed for 10 s during a burst of events', async () => {
    const broker = await KillableMosquitto.start();
    cleanups.push(() => broker.close());
    const proxy = await startTcpProxy({ port: broker.port });
    cleanups.push(() => proxy.close());
    const w = await Watcher.start(broker.url, ['sc/v1/ke/+/+/event']);
    cleanups.push(() => w.close());
    const { uplink } = makeUplink(proxy.url(), dataDir());
    await uplink.start();
    cleanups.push(() => uplink.stop());
    await waitFor(() => uplink.stats().connected, 10_000, 'first connection');
    let i = 0;
    const emitted: number[] = [];
    let emitting = true;
    const burst = (async () => {
      while (emitting) {
        await uplink.recordEvent({ type: 'test.tick', data: { i } });
        emitted.push(i++);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await waitFor(() => i > 100, 10_000, '100 events');
    // The broker dies; for 10 s nothing answers on its port.
    proxy.setMode('refuse');
    await broker.kill();
    const killedAt = i;
    await new Promise((r) => setTimeout(r, 10_000));
    await broker.up();
    // The fleet's subscriber is back before the agent may connect again (its session is gone with the broker).
    await waitFor(() => w.client.connected, 10_000, 'watcher back');
    await w.client.subscribeAsync('sc/v1/ke/+/+/event', { qos: 1 });
    proxy.setMode('forward');
    await waitFor(() => i > killedAt + 600, 20_000, 'more events');
    emitting = false;
    await burst;
    await waitFor(() => uplink.stats().outboxDepth === 0 && uplink.stats().connected, 20_000, 'outbox drained');
    await w.until((x) => dedupeEvents(x.events()).kept.length >= emitted.length, 10_000, 'all events');
    const { historical } = checkDelivery(w, emitted);
    // Those stored during the outage were replayed, marked as such.
    expect(historical).toBeGreaterThan(100);
  }, 60_000);

  it('notices a silent link (no FIN, no RST) by keepalive and delivers everything over the next one', async () => {
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const proxy = await startTcpProxy({ port: broker.port });
    cleanups.push(() => proxy.close());
    const w = await Watcher.start(broker.url, ['sc/v1/ke/+/+/event']);
    cleanups.push(() => w.close());
    const keepalive = 2;
    const { uplink, lines } = makeUplink(proxy.url(), dataDir(), { settings: { keepaliveSeconds: keepalive } });
    await uplink.start();
    cleanups.push(() => uplink.stop());
    await waitFor(() => uplink.stats().connected, 10_000, 'connected');
    const emitted: number[] = [];
    for (let i = 0; i < 50; i++) emitted.push((await uplink.recordEvent({ type: 'test.tick', data: { i } })).data!.i as number);
    await waitFor(() => uplink.stats().outboxDepth === 0, 10_000, 'first batch');
    proxy.setMode('silent');
    const silentAt = Date.now();
    for (let i = 50; i < 150; i++) emitted.push((await uplink.recordEvent({ type: 'test.tick', data: { i } })).data!.i as number);
    await waitFor(() => !uplink.stats().connected, 15_000, 'dead link noticed');
    const noticedMs = Date.now() - silentAt;
    // Noticed by the keepalive (1.5 periods after the last sign of life), not by TCP's minutes-long timeout.
    expect(noticedMs).toBeLessThan(keepalive * 1.5 * 1000 + 2500);
    expect(uplink.stats().outboxDepth).toBeGreaterThanOrEqual(100);
    proxy.dropConnections();
    proxy.setMode('forward');
    await waitFor(() => uplink.stats().connected && uplink.stats().outboxDepth === 0, 20_000, 'drained after reconnect');
    await w.until((x) => dedupeEvents(x.events()).kept.length >= 150, 10_000, 'all events');
    const { historical } = checkDelivery(w, emitted);
    expect(historical).toBe(100);
    expect(lines().some((l) => l.msg === 'the link to the fleet broker went down')).toBe(true);
  }, 60_000);

  it('loses nothing stored when the agent is killed with SIGKILL in the middle of a burst', async () => {
    const child = 'dist/scripts/uplink-child.js';
    if (!existsSync(`${REPO_ROOT}${child}`)) throw new Error(`${child} is missing: run npm run build first`);
    const broker = await startAedes();
    cleanups.push(() => broker.close());
    const w = await Watcher.start(broker.url, ['sc/v1/ke/+/+/event', 'sc/v1/ke/+/+/status']);
    cleanups.push(() => w.close());
    const dir = dataDir();
    const stored: number[] = [];
    const run = (start: number, count: number): { proc: ChildProcess; done: Promise<void> } => {
      const proc = spawn(process.execPath, [child, broker.url, dir, String(start), String(count), '2'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      track(proc);
      cleanups.push(() => stopChild(proc, 'SIGKILL'));
      let buffered = '';
      const done = new Promise<void>((resolve) => {
        proc.stdout?.on('data', (d: Buffer) => {
          buffered += d.toString();
          const parts = buffered.split('\n');
          buffered = parts.pop() ?? '';
          for (const line of parts) {
            if (line.startsWith('stored ')) stored.push(Number(line.slice(7)));
            if (line === 'done') resolve();
          }
        });
      });
      return { proc, done };
    };
    const first = run(0, 2000);
    await waitFor(() => stored.length >= 300, 20_000, '300 events stored');
    first.proc.kill('SIGKILL');
    await new Promise<void>((r) => first.proc.once('exit', () => r()));
    const last = stored[stored.length - 1]!;
    const second = run(last + 1, 300);
    await second.done;
    await w.until((x) => dedupeEvents(x.events()).kept.length >= stored.length, 15_000, 'all stored events');
    const { duplicates } = checkDelivery(w, stored);
    // The restarted agent is a new connection (bdSeq + 1) and did not reuse any seq.
    const bdSeqs = new Set(w.events().map((e) => e.bdSeq));
    expect(bdSeqs.size).toBeGreaterThanOrEqual(1);
    expect(duplicates).toBeGreaterThanOrEqual(0);
    const statuses = w.of('status').map((s) => s.payload);
    expect(statuses.some((s) => s.online === false)).toBe(true); // the will of the killed agent
  }, 60_000);
});
