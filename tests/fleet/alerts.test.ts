import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../src/core/event-bus.js';
import { AlertEngine } from '../../src/fleet/alerts/engine.js';
import { DEFAULT_THRESHOLDS } from '../../src/fleet/alerts/rules.js';
import { AlertWebhook } from '../../src/fleet/alerts/webhook.js';
import type { FleetEvents } from '../../src/fleet/events.js';
import { IngestPipeline } from '../../src/fleet/ingest/pipeline.js';
import { FleetMetrics } from '../../src/fleet/metrics.js';
import { SqliteStore } from '../../src/fleet/store/sqlite/sqlite-store.js';
import type { AlertRecord } from '../../src/fleet/store/types.js';
import { tempDir, type TempDir } from '../helpers/index.js';
import { birthMsg, eventMsg, healthMsg, json, sessionMsg } from './fixtures.js';
import { silentLog, until } from './helpers.js';

const R = 'sc/v1/ke/uon/room-a';
const MIN = 60_000;

describe('alerts: raised, de-bounced, acknowledged and resolved, with a signed webhook', () => {
  let dir: TempDir;
  let store: SqliteStore;
  let pipeline: IngestPipeline;
  let engine: AlertEngine;
  let webhook: AlertWebhook;
  let server: Server;
  let clock: number;
  const hooks: { change: string; alert: AlertRecord; signed: boolean }[] = [];

  const send = (kind: string, payload: unknown): void => pipeline.ingestor.handle(`${R}/${kind}`, json(payload));
  const settle = async (): Promise<void> => {
    await pipeline.writer.flush();
    await engine.settled();
  };
  const active = async (): Promise<AlertRecord[]> => store.alerts.list({ state: 'active', limit: 100 });

  beforeEach(async () => {
    dir = tempDir('sc-fleet-alerts-');
    clock = Date.UTC(2026, 2, 2, 8, 0, 0);
    hooks.length = 0;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const signature = `sha256=${createHmac('sha256', 'hook-secret').update(body).digest('hex')}`;
        const parsed = JSON.parse(body) as { change: string; alert: AlertRecord };
        hooks.push({ ...parsed, signed: req.headers['x-sc-signature'] === signature });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    store = new SqliteStore(`${dir.path}/fleet.db`);
    await store.start();
    await store.rooms.addSite({ key: 'ke/uon', country: 'ke', site: 'uon', createdAt: clock });
    await store.rooms.addRoom({ root: R, country: 'ke', site: 'uon', room: 'room-a', createdAt: clock }, { username: 'ke.uon.room-a', root: R, hash: 'x', createdAt: clock });
    const bus = new EventBus<FleetEvents>(silentLog);
    const metrics = new FleetMetrics();
    pipeline = new IngestPipeline({ store, bus, log: silentLog, metrics, now: () => clock, flushMs: 5 });
    await pipeline.start();
    webhook = new AlertWebhook({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, secret: 'hook-secret' }, { log: silentLog, metrics, fleetName: 'test' });
    engine = new AlertEngine({ repo: store.alerts, model: pipeline.model, bus, log: silentLog, metrics, thresholds: DEFAULT_THRESHOLDS, webhook, now: () => clock, checkIntervalMs: 3_600_000 });
    await engine.start();
    send('status', { online: true, bdSeq: 1, ts: clock });
    send('birth', birthMsg(1, clock));
    await settle();
  });

  afterEach(async () => {
    await engine.stop();
    await webhook.stop();
    await pipeline.stop();
    await store.stop();
    await new Promise<void>((r) => server.close(() => r()));
    dir.remove();
  });

  it('raises "room offline" only after N minutes, resolves it when the room is back, and tells the webhook', async () => {
    send('status', { online: false, bdSeq: 1, ts: clock });
    clock += 9 * MIN;
    engine.check();
    await settle();
    expect(await active()).toEqual([]);
    clock += 2 * MIN;
    engine.check();
    engine.check();
    await settle();
    const [alert] = await active();
    expect(alert).toMatchObject({ kind: 'room-offline', root: R, state: 'open', severity: 'critical', count: 1 });
    send('status', { online: true, bdSeq: 2, ts: clock });
    await settle();
    expect(await active()).toEqual([]);
    expect((await store.alerts.get(alert?.id ?? 0))?.resolvedBy).toBe('system');
    // the webhook hears of the resolution once it held for the debounce window
    clock += DEFAULT_THRESHOLDS.debounceMs;
    engine.check();
    await until(() => hooks.length === 2, 'two webhook calls');
    expect(hooks.map((h) => [h.change, h.alert.kind, h.signed])).toEqual([
      ['opened', 'room-offline', true],
      ['resolved', 'room-offline', true],
    ]);
  });

  it('de-bounces a flapping link: the same alert re-opens with a count, no new notification', async () => {
    const low = { disk: { freeBytes: 1e9, totalBytes: 100e9 } };
    const fine = { disk: { freeBytes: 50e9, totalBytes: 100e9 } };
    for (let i = 0; i < 4; i++) {
      send('health', healthMsg(clock, low));
      await settle();
      clock += MIN;
      send('health', healthMsg(clock, fine));
      await settle();
      engine.check();
      clock += MIN;
    }
    const all = await store.alerts.list({ limit: 100 });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ kind: 'disk-low', count: 4, state: 'resolved' });
    clock += DEFAULT_THRESHOLDS.debounceMs;
    engine.check();
    await webhook.stop();
    expect(hooks.map((h) => h.change)).toEqual(['opened', 'resolved']);
  });

  it('raises "device offline" after its delay and resolves it when the device answers again', async () => {
    send('state/panel', { status: 'offline', reason: 'no reply to power query', ts: clock });
    clock += 6 * MIN;
    engine.check();
    await settle();
    expect(await active()).toMatchObject([{ kind: 'device-offline', device: 'panel', message: expect.stringContaining('no reply') }]);
    send('state/panel', { status: 'online', ts: clock });
    await settle();
    expect(await active()).toEqual([]);
  });

  it('raises "scene degraded" when the recorder did not start, and resolves it when the class ends', async () => {
    send(
      'session',
      sessionMsg('degraded', clock, { problems: [{ device: 'recorder', step: 'start-recording', code: 'SC_ERR_DEVICE_NAK', message: 'E13' }] }),
    );
    await settle();
    expect(await active()).toMatchObject([{ kind: 'scene-degraded', message: expect.stringContaining('recorder') }]);
    send('session', sessionMsg('idle', clock + 50 * MIN));
    await settle();
    expect(await active()).toEqual([]);
  });

  it('raises "help requested", which only a person acknowledges and resolves', async () => {
    send('event', eventMsg(1, { type: 'help', ts: clock }));
    send('event', eventMsg(2, { type: 'help', ts: clock, by: { kind: 'wall-panel', name: 'Dr Otieno' } }));
    // an hour-old help replayed from the outbox is history
    send('event', eventMsg(3, { type: 'help', ts: clock - 2 * 3_600_000, historical: true }));
    await settle();
    const [help] = await active();
    expect(help).toMatchObject({ kind: 'help-requested', count: 1, lastRaisedAt: clock, message: 'Help requested by Dr Otieno' });
    const acked = await engine.acknowledge(help?.id ?? 0, 'alice');
    expect(acked).toMatchObject({ state: 'acknowledged', ackedBy: 'alice' });
    const resolved = await engine.resolveById(help?.id ?? 0, 'bob');
    expect(resolved).toMatchObject({ state: 'resolved', resolvedBy: 'bob', ackedBy: 'alice' });
    await expect(engine.acknowledge(9999, 'alice')).rejects.toMatchObject({ code: 'SC_ERR_FLEET_UNKNOWN' });
  });

  it('raises disk low, clock skew and a growing outbox backlog from health, and clears them', async () => {
    send('health', healthMsg(clock + 200_000, { disk: { freeBytes: 4e9, totalBytes: 100e9 }, outbox: { depth: 600, bytes: 1e6 } }));
    send('health', healthMsg(clock + 200_000, { disk: { freeBytes: 4e9, totalBytes: 100e9 }, outbox: { depth: 900, bytes: 2e6 } }));
    await settle();
    expect((await active()).map((a) => a.kind).sort()).toEqual(['clock-skew', 'disk-low', 'outbox-backlog']);
    // a skew estimate only comes down with new samples: the agent fixed NTP
    for (let i = 0; i < 16; i++) send('health', healthMsg(clock, { outbox: { depth: 10, bytes: 100 } }));
    await settle();
    expect(await active()).toEqual([]);
  });
});
