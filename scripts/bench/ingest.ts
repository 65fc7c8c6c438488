import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { EventBus } from '../../src/core/event-bus.js';
import { hashRoomPassword, newRoomPassword } from '../../src/fleet/auth/room-credentials.js';
import { RoomDirectory } from '../../src/fleet/auth/room-directory.js';
import { EmbeddedBroker } from '../../src/fleet/broker/embedded-broker.js';
import type { FleetEvents } from '../../src/fleet/events.js';
import { IngestPipeline } from '../../src/fleet/ingest/pipeline.js';
import { FleetMetrics } from '../../src/fleet/metrics.js';
import type { BatchResult, FleetStore, IngestRepo } from '../../src/fleet/store/store.js';
import { SqliteStore } from '../../src/fleet/store/sqlite/sqlite-store.js';
import type { IngestBatch } from '../../src/fleet/store/types.js';
import { median, runIfMain, type Bench } from './lib.js';

/**
 * Ingest throughput of the embedded fleet: N simulated rooms (a child process, real TCP,
 * per-room credentials, the ACL and rate limits on) send status, device state, health and
 * events. In the same run and over the same broker the same load goes, round by round, to
 *  - a bare subscriber: an MQTT connection on `sc/v1/#` in another process that only counts
 *    (the raw rate of the broker passing the messages on: `raw_msgs_per_s`);
 *  - a bare in-process subscriber that only counts (stricter: no socket on the way out);
 *  - the fleet's ingest: parse, validate, model, batched SQLite writes, until committed.
 * The order rotates each round so that drift in the machine's load hits all alike; medians.
 */
interface Child {
  proc: ChildProcess;
  request<T>(msg: unknown, reply: string): Promise<T>;
  waitFor(reply: string): Promise<void>;
}

function startLoad(): Child {
  const proc = fork(fileURLToPath(new URL('./_mqtt-load.js', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waitFor = (reply: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const onMessage = (m: unknown): void => {
        const r = m as { type: string; error?: string };
        if (r.type !== reply && r.type !== 'error') return;
        proc.off('message', onMessage);
        if (r.type === 'error') reject(new Error(r.error));
        else resolve();
      };
      proc.on('message', onMessage);
    });
  return {
    proc,
    waitFor,
    request: <T>(msg: unknown, reply: string) =>
      new Promise<T>((resolve, reject) => {
        const onMessage = (m: unknown): void => {
          const r = m as { type: string; error?: string };
          if (r.type !== reply && r.type !== 'error') return;
          proc.off('message', onMessage);
          if (r.type === 'error') reject(new Error(r.error));
          else resolve(m as T);
        };
        proc.on('message', onMessage);
        proc.send(msg as object);
      }),
  };
}

/** The store, with the commit time of every event noted for the latency figure. */
class TimedIngest {
  readonly latencies: number[] = [];
  constructor(private readonly repo: IngestRepo) {}
  wrap(): IngestRepo {
    return new Proxy(this.repo, {
      get: (target, prop, receiver) => {
        if (prop !== 'write') return Reflect.get(target, prop, receiver) as unknown;
        return async (batch: IngestBatch): Promise<BatchResult> => {
          const result = await target.write(batch);
          const now = Date.now();
          for (const e of batch.events) this.latencies.push(now - e.agentTs);
          return result;
        };
      },
    });
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const bench: Bench = async ({ quick }) => {
  const roomCount = quick ? 100 : 2000;
  const perRoom = quick ? 10 : 20;
  const rounds = quick ? 2 : 5;
  const dir = mkdtempSync(join(tmpdir(), 'sc-bench-ingest-'));
  const log = pino({ level: 'silent' });
  const metrics = new FleetMetrics();
  const store = new SqliteStore(join(dir, 'fleet.db'));
  const load = startLoad();
  const tap = startLoad();
  let broker: EmbeddedBroker | undefined;
  try {
    await store.start();
    await store.rooms.addSite({ key: 'ke/bench', country: 'ke', site: 'bench', createdAt: Date.now() });
    const creds: { root: string; username: string; password: string }[] = [];
    for (let i = 0; i < roomCount; i++) {
      const root = `sc/v1/ke/bench/room-${i}`;
      const username = `ke.bench.room-${i}`;
      const password = newRoomPassword();
      const hash = await hashRoomPassword(password);
      await store.rooms.addRoom({ root, country: 'ke', site: 'bench', room: `room-${i}`, createdAt: Date.now() }, { username, root, hash, createdAt: Date.now() });
      creds.push({ root, username, password });
    }
    const directory = new RoomDirectory();
    directory.load(await store.rooms.listCredentials());
    const observer = { username: 'bench-tap', password: newRoomPassword() };
    broker = new EmbeddedBroker({
      listeners: [{ transport: 'mqtt', host: '127.0.0.1', port: 0 }],
      directory,
      observer: { username: observer.username, hash: await hashRoomPassword(observer.password) },
      maxMessageBytes: 262_144,
      maxMessagesPerSecond: 200,
      log,
      metrics,
    });
    await broker.start();

    const timed = new TimedIngest(store.ingest);
    const timedStore: FleetStore = {
      rooms: store.rooms,
      users: store.users,
      ingest: timed.wrap(),
      alerts: store.alerts,
      audit: store.audit,
      start: async () => undefined,
      stop: async () => undefined,
    };
    const pipeline = new IngestPipeline({ store: timedStore, bus: new EventBus<FleetEvents>(log), log, metrics });
    await pipeline.start();

    await tap.request({ type: 'subscribe', port: broker.ports().mqtt, ...observer }, 'subscribed');
    const rssBefore = process.memoryUsage().rss;
    const connected = await load.request<{ count: number }>({ type: 'connect', port: broker.ports().mqtt, rooms: creds }, 'connected');
    if (connected.count !== roomCount) throw new Error(`only ${connected.count} of ${roomCount} rooms connected`);
    await new Promise((r) => setTimeout(r, 500));
    const rssPerRoom = (process.memoryUsage().rss - rssBefore) / roomCount;

    const expected = roomCount * perRoom;
    const raw: number[] = [];
    const rawTcp: number[] = [];
    const fleet: number[] = [];
    let round = 1;
    const measureRaw = async (): Promise<void> => {
      // the same broker, a subscriber that only counts
      let count = 0;
      let rawDone: () => void = () => undefined;
      const rawFinished = new Promise<void>((resolve) => (rawDone = resolve));
      broker?.setHandler(() => {
        if (++count === expected) rawDone();
      });
      const t = performance.now();
      await Promise.all([load.request({ type: 'publish', round: round++, perRoom }, 'published'), rawFinished]);
      raw.push(expected / ((performance.now() - t) / 1000));
    };
    const measureRawTcp = async (): Promise<void> => {
      broker?.setHandler(() => undefined);
      await tap.request({ type: 'expect', count: expected }, 'expecting');
      const received = tap.waitFor('received');
      const t = performance.now();
      await Promise.all([load.request({ type: 'publish', round: round++, perRoom }, 'published'), received]);
      rawTcp.push(expected / ((performance.now() - t) / 1000));
    };
    const measureFleet = async (): Promise<void> => {
      // parse, validate, model, store: done when the last event is committed
      broker?.setHandler((topic, payload, retained) => pipeline.ingestor.handle(topic, payload, retained));
      const latencyStart = timed.latencies.length;
      const eventsExpected = roomCount * (perRoom - 3);
      const t = performance.now();
      await load.request({ type: 'publish', round: round++, perRoom }, 'published');
      for (;;) {
        await pipeline.writer.flush();
        if (timed.latencies.length - latencyStart >= eventsExpected) break;
        await new Promise((res) => setTimeout(res, 5));
      }
      fleet.push(expected / ((performance.now() - t) / 1000));
    };
    const phases = [measureRawTcp, measureRaw, measureFleet];
    for (let r = 0; r < rounds; r++) {
      for (let p = 0; p < phases.length; p++) await phases[(p + r) % phases.length]?.();
    }
    const stored = (await store.ingest.events({ limit: 10 })).length;
    if (stored === 0) throw new Error('nothing was stored');
    const rawRate = median(rawTcp);
    const rawInProcess = median(raw);
    const fleetRate = median(fleet);
    await pipeline.stop();
    return {
      name: 'ingest',
      figures: {
        rooms: roomCount,
        messages_per_round: expected,
        msgs_per_s: Math.round(fleetRate),
        raw_msgs_per_s: Math.round(rawRate),
        ratio: Number((fleetRate / rawRate).toFixed(2)),
        raw_inprocess_msgs_per_s: Math.round(rawInProcess),
        ratio_inprocess: Number((fleetRate / rawInProcess).toFixed(2)),
        p99_ingest_latency_ms: percentile(timed.latencies, 99),
        p50_ingest_latency_ms: percentile(timed.latencies, 50),
        memory_per_room_kb: Number((rssPerRoom / 1024).toFixed(1)),
        rejected: metrics.value('sc_fleet_messages_rejected_total'),
      },
      note: `${roomCount} rooms over TCP to the embedded broker, ${perRoom} messages each per round, ${rounds} rounds; fleet = committed to SQLite; raw = counted by a bare MQTT subscriber on sc/v1/#; raw_inprocess = counted inside the broker process`,
    };
  } finally {
    for (const child of [load, tap]) {
      if (child.proc.connected) child.proc.send({ type: 'close' });
      child.proc.kill();
    }
    await broker?.stop();
    await store.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

export default bench;
runIfMain(import.meta.url, bench);
