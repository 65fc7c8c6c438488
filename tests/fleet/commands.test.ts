import { get } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CommandMessage } from '../../src/contract/mqtt/index.js';
import { tempDir, type TempDir } from '../helpers/index.js';
import { startFleet, type TestFleet } from './fleet.js';
import { birthMsg, eventMsg } from './fixtures.js';
import { connectMqtt, until } from './helpers.js';

const R = 'sc/v1/ke/uon/room-a';

describe('remote commands: expiry, reply to the sender, audit; live updates', () => {
  let dir: TempDir;
  let fleet: TestFleet;
  let app: FastifyInstance;
  let agent: MqttClient;
  let headers: Record<string, string>;
  const received: CommandMessage[] = [];
  /** What the simulated agent answers, by action; undefined = stays silent. */
  const behaviour: Record<string, 'ok' | 'error' | undefined> = { 'session.start': 'ok', 'scene.run': 'error', rebirth: 'ok' };

  beforeAll(async () => {
    dir = tempDir('sc-fleet-cmd-');
    fleet = await startFleet(dir.path, { commands: { replyWaitSeconds: 2 } });
    app = fleet.service.http;
    const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: fleet.started.firstAdmin?.password } });
    headers = { cookie: String(login.headers['set-cookie']).split(';')[0] ?? '', 'x-csrf-token': (login.json() as { csrfToken: string }).csrfToken };
    await app.inject({ method: 'POST', url: '/api/sites', headers, payload: { country: 'ke', site: 'uon' } });
    const cred = (await app.inject({ method: 'POST', url: '/api/rooms', headers, payload: { country: 'ke', site: 'uon', room: 'room-a' } })).json() as { username: string; password: string };
    agent = await connectMqtt(fleet.mqttUrl, {
      username: cred.username,
      password: cred.password,
      will: { topic: `${R}/status`, payload: Buffer.from(JSON.stringify({ online: false, bdSeq: 1, ts: Date.now() })), qos: 1, retain: true },
    });
    await agent.subscribeAsync(`${R}/cmd`, { qos: 1 });
    agent.on('message', (_topic, payload) => {
      const cmd = JSON.parse(payload.toString()) as CommandMessage;
      received.push(cmd);
      const answer = behaviour[cmd.action];
      if (answer === undefined) return;
      const reply = answer === 'ok' ? { id: cmd.id, status: 'ok', data: { accepted: true } } : { id: cmd.id, status: 'error', error: { code: 'SC_ERR_SCENE_UNKNOWN', message: 'No scene named `exam`' } };
      agent.publish(`${R}/reply`, JSON.stringify(reply), { qos: 1 });
    });
    await agent.publishAsync(`${R}/status`, JSON.stringify({ online: true, bdSeq: 1, ts: Date.now() }), { qos: 1, retain: true });
    const birth = birthMsg(1, Date.now());
    birth.remoteAllow = ['session.start', 'session.end', 'scene.run', 'rebirth'];
    await agent.publishAsync(`${R}/birth`, JSON.stringify(birth), { qos: 1, retain: true });
    await until(() => fleet.service.model.get(R)?.birth !== undefined, 'the birth');
  });

  afterAll(async () => {
    agent?.end(true);
    await fleet?.close();
    dir?.remove();
  });

  const command = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/rooms/ke/uon/room-a/commands', headers, payload: body });

  it('sends a command with an id, an expiry and the sender, and shows the reply', async () => {
    const res = await command({ action: 'session.start', args: { course: 'MAT101' }, expiresInSeconds: 60 });
    expect(res.statusCode, res.body).toBe(200);
    const outcome = res.json() as { id: string; status: string; expires: number; reply: { data: unknown } };
    expect(outcome).toMatchObject({ status: 'ok', reply: { status: 'ok', data: { accepted: true } } });
    const sent = received.find((c) => c.id === outcome.id);
    expect(sent).toMatchObject({ action: 'session.start', by: 'admin', args: { course: 'MAT101' } });
    expect((sent?.expires ?? 0) - Date.now()).toBeGreaterThan(50_000);
    const audit = (await app.inject({ method: 'GET', url: '/api/audit?room=sc/v1/ke/uon/room-a', headers })).json() as Record<string, unknown>[];
    expect(audit.find((a) => a.cmdId === outcome.id)).toMatchObject({ user: 'admin', action: 'session.start', root: R, result: 'ok', repliedAt: expect.any(Number) });
  });

  it('returns the room\'s error and audits it', async () => {
    const outcome = (await command({ action: 'scene.run', args: { scene: 'exam' } })).json() as { id: string; status: string };
    expect(outcome).toMatchObject({ status: 'error', reply: { error: { code: 'SC_ERR_SCENE_UNKNOWN' } } });
    const audit = (await app.inject({ method: 'GET', url: '/api/audit', headers })).json() as Record<string, unknown>[];
    expect(audit.find((a) => a.cmdId === outcome.id)).toMatchObject({ result: 'error', error: { code: 'SC_ERR_SCENE_UNKNOWN' } });
  });

  it('answers pending when the room is silent, and marks the command expired at its expiry', async () => {
    const outcome = (await command({ action: 'session.end', expiresInSeconds: 5 })).json() as { id: string; status: string };
    expect(outcome.status).toBe('pending');
    await until(
      async () => {
        const audit = (await app.inject({ method: 'GET', url: '/api/audit', headers })).json() as Record<string, unknown>[];
        return audit.find((a) => a.cmdId === outcome.id)?.result === 'expired';
      },
      'the expiry',
      10_000,
    );
  });

  it('survives garbage from a room and keeps serving it', async () => {
    const garbage: (string | Buffer)[] = ['{', 'null', '[]', '{"id":1}', Buffer.from([0xff, 0xfe, 0x00]), JSON.stringify({ a: '\u0000'.repeat(1000) }), '1e999'];
    for (const g of garbage) await agent.publishAsync(`${R}/event`, g, { qos: 1 });
    await agent.publishAsync(`${R}/health`, JSON.stringify({ ts: -1 }), { qos: 0 });
    await agent.publishAsync(`${R}/state/panel`, JSON.stringify({ status: 'on fire' }), { qos: 1 });
    const outcome = (await command({ action: 'rebirth' })).json() as { status: string };
    expect(outcome.status).toBe('ok');
    expect(fleet.service.metrics.value('sc_fleet_messages_rejected_total')).toBeGreaterThanOrEqual(garbage.length + 2);
  });

  it('refuses actions the room does not allow remotely, unknown devices and bad bodies', async () => {
    const notAllowed = await command({ action: 'device.action', device: 'panel', args: { op: 'power.off' } });
    expect(notAllowed.statusCode).toBe(403);
    expect(notAllowed.json()).toMatchObject({ error: { code: 'SC_ERR_CMD_NOT_ALLOWED' } });
    const bad = await command({ action: 'format-disk' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { message: expect.stringMatching(/action/) } });
    const expiry = await command({ action: 'rebirth', expiresInSeconds: 999_999 });
    expect(expiry.statusCode).toBe(400);
    expect(received.some((c) => c.action === 'format-disk' || c.action === 'device.action')).toBe(false);
  });

  it('streams live updates over server-sent events', async () => {
    const { port } = fleet.started.http;
    const lines: string[] = [];
    const req = get({ host: '127.0.0.1', port, path: '/api/live', headers: { cookie: headers.cookie } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => lines.push(chunk));
    });
    req.on('error', () => undefined);
    try {
      await until(() => lines.join('').includes('event: hello'), 'the hello event');
      await agent.publishAsync(`${R}/event`, JSON.stringify(eventMsg(1, { type: 'help' })), { qos: 1 });
      await until(() => lines.join('').includes('"kind":"help-requested"'), 'the help alert on the stream');
      expect(lines.join('')).toMatch(/event: event\ndata: \{"event":\{"root":"sc\/v1\/ke\/uon\/room-a"/);
    } finally {
      req.destroy();
    }
  });

  it('streams the same over a WebSocket, and refuses one from another origin or without a login', async () => {
    const { port } = fleet.started.http;
    const url = `ws://127.0.0.1:${port}/api/live/ws`;
    const messages: string[] = [];
    const ws = new WebSocket(url, { headers: { cookie: headers.cookie ?? '' } });
    ws.on('message', (data: Buffer) => messages.push(data.toString()));
    try {
      await until(() => messages.some((m) => m.includes('"event":"hello"')), 'the hello message');
      await agent.publishAsync(`${R}/state/panel`, JSON.stringify({ status: 'offline', reason: 'cable' }), { qos: 1, retain: true });
      await until(() => messages.some((m) => m.includes('"event":"device"') && m.includes('cable')), 'the device update');
    } finally {
      ws.close();
    }
    const refused = async (options: WebSocket.ClientOptions): Promise<number> =>
      new Promise((resolve) => {
        const bad = new WebSocket(url, options);
        bad.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        bad.on('error', () => undefined);
        bad.on('open', () => resolve(101));
      });
    expect(await refused({})).toBe(401);
    expect(await refused({ headers: { cookie: headers.cookie ?? '', origin: 'https://evil.example' } })).toBe(403);
  });

  it('marks the room offline when its connection drops (the will)', async () => {
    agent.stream.destroy();
    await until(() => fleet.service.model.get(R)?.online === false, 'the room offline');
  });
});
