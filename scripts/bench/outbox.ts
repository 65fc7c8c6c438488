import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { createServer, type AddressInfo } from 'node:net';
import { createLogger } from '../../src/core/logger.js';
import { MemoryRoom, classroomDevices } from '../../src/uplink/memory-room.js';
import { UPLINK_DEFAULTS } from '../../src/uplink/settings.js';
import { Uplink } from '../../src/uplink/uplink.js';
import { startTcpProxy, type TcpProxy } from '../lib/tcp-proxy.js';
import { runIfMain, type Bench } from './lib.js';

/**
 * Replaying a backlog after an outage over a slow link (a proxy adding 100 ms round trip): our
 * outbox (pipelined, many QoS 1 messages awaiting PUBACK) against mqtt.js's own offline queue,
 * in the same run. mqtt.js replays its queue one message per round trip, so it gets a smaller
 * backlog (it would take minutes otherwise) and the figures are compared as rates.
 */
const RTT_MS = 100;

async function startBroker(): Promise<{ port: number; close(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    broker.handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await new Promise<void>((r) => broker.close(() => r()));
    },
  };
}

function event(i: number): string {
  return JSON.stringify({ id: `bench-${i}-xxxxxxxx`, seq: i, bdSeq: 0, ts: Date.now(), type: 'test.tick', data: { i } });
}

async function ours(proxy: TcpProxy, count: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sc-bench-outbox-'));
  const log = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const room = new MemoryRoom(classroomDevices());
  const uplink = new Uplink({
    room: { country: 'ke', site: 'bench', room: 'r1' },
    settings: { ...UPLINK_DEFAULTS, url: proxy.url(), keepaliveSeconds: 60, reconnectMinSeconds: 0.05, reconnectMaxSeconds: 0.1, healthIntervalSeconds: 3600 },
    dataDir: dir,
    source: room,
    executor: room,
    remoteAllow: [],
    version: 'bench',
    log,
  });
  try {
    proxy.setMode('refuse');
    await uplink.start();
    for (let i = 0; i < count; i++) void uplink.recordEvent({ type: 'test.tick', data: { i } });
    await uplink.settle();
    const t0 = performance.now();
    proxy.setMode('forward');
    while (uplink.stats().outboxDepth > 0) await new Promise((r) => setTimeout(r, 5));
    return performance.now() - t0;
  } finally {
    await uplink.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function mqttJsQueue(proxy: TcpProxy, count: number): Promise<number> {
  proxy.setMode('refuse');
  const client = mqtt.connect(proxy.url(), { protocolVersion: 4, reconnectPeriod: 50, clean: true, clientId: 'bench-mqttjs' });
  try {
    let acked = 0;
    for (let i = 0; i < count; i++) client.publish('sc/v1/ke/bench/r2/event', event(i), { qos: 1 }, (err) => (err ? undefined : (acked += 1)));
    const t0 = performance.now();
    proxy.setMode('forward');
    while (acked < count) await new Promise((r) => setTimeout(r, 5));
    return performance.now() - t0;
  } finally {
    await client.endAsync(true);
  }
}

const bench: Bench = async ({ quick }) => {
  const backlog = quick ? 1000 : 10_000;
  const baselineBacklog = quick ? 30 : 150;
  const broker = await startBroker();
  const proxy = await startTcpProxy({ port: broker.port }, { delayMs: RTT_MS / 2 });
  try {
    const oursMs = await ours(proxy, backlog);
    const theirsMs = await mqttJsQueue(proxy, baselineBacklog);
    const oursRate = backlog / (oursMs / 1000);
    const theirsRate = baselineBacklog / (theirsMs / 1000);
    return {
      name: 'outbox',
      figures: {
        rtt_ms: RTT_MS,
        backlog,
        replay_ms: Math.round(oursMs),
        msgs_per_s: Math.round(oursRate),
        mqttjs_backlog: baselineBacklog,
        mqttjs_replay_ms: Math.round(theirsMs),
        mqttjs_msgs_per_s: Number(theirsRate.toFixed(1)),
        speedup: Number((oursRate / theirsRate).toFixed(1)),
      },
      note: `replay of a backlog after reconnect through a proxy adding ${RTT_MS} ms round trip: our outbox vs mqtt.js's offline queue (rates, same run)`,
    };
  } finally {
    await proxy.close();
    await broker.close();
  }
};

export default bench;
runIfMain(import.meta.url, bench);
