import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../src/agent/agent.js';
import { hashPassword, verifyPassword } from '../../src/core/passwords.js';
import type { RunningPanel } from '../../src/simulators/displays/index.js';
import { loadRoom, makeAgent, panelDevice, roomYaml, simPanel } from './helpers.js';

const PASSWORD = 'correct horse battery';

describe('local HTTP API (inject) against an agent with a simulated panel', () => {
  let sim: RunningPanel;
  let agent: Agent;

  beforeAll(async () => {
    sim = await simPanel();
    const hash = await hashPassword(PASSWORD);
    const text = roomYaml(
      panelDevice('panel', (sim as RunningPanel & { path: string }).path),
      `  start-class:
    label: Start class
    steps:
      - { name: Panel on, device: panel, action: power.on }
      - { name: Laptop, device: panel, action: input.select, args: { input: hdmi2 }, onFail: continue }
  end-class:
    steps:
      - { name: Panel off, device: panel, action: power.off }
`,
      `http:\n  technicianPasswordHash: ${hash}\n`,
    );
    agent = makeAgent(loadRoom(text));
    await agent.start();
  });

  afterAll(async () => {
    await agent.stop();
    await sim.stop();
  });

  it('serves the room state, devices and health', async () => {
    const state = await agent.app.inject({ method: 'GET', url: '/api/state' });
    expect(state.statusCode).toBe(200);
    const body = state.json<{ room: { id: string }; session: { state: string }; devices: { id: string; capabilities: string[]; state: { status: string } }[]; scenes: { id: string }[] }>();
    expect(body.room.id).toBe('test-room');
    expect(body.session.state).toBe('idle');
    expect(body.devices[0]).toMatchObject({ id: 'panel', capabilities: ['power', 'input', 'volume', 'health'], state: { status: 'online' } });
    expect(body.scenes.map((s) => s.id).sort()).toEqual(['end-class', 'start-class']);
    const health = (await agent.app.inject({ method: 'GET', url: '/api/health' })).json<{ ok: boolean; devices: { online: number } }>();
    expect(health).toMatchObject({ ok: true, devices: { online: 1, offline: 0 } });
  });

  it('starts and ends the class with no login, and the state is read back from the panel', async () => {
    const start = await agent.app.inject({ method: 'POST', url: '/api/session/start', payload: { course: 'CSC 101', teacher: 'Dr. Wanjiru' } });
    expect(start.statusCode).toBe(200);
    expect(start.json()).toMatchObject({ session: { state: 'live', by: { kind: 'wall-panel' }, course: 'CSC 101', teacher: 'Dr. Wanjiru' }, result: { status: 'ok' } });
    expect(sim.engine.state.power).toBe(true);
    const panel = (await agent.app.inject({ method: 'GET', url: '/api/devices/panel' })).json<{ state: { power: string; input: string } }>();
    expect(panel.state).toMatchObject({ power: 'on', input: 'hdmi2' });
    const volume = await agent.app.inject({ method: 'POST', url: '/api/devices/panel/actions', payload: { action: 'volume.set', args: { level: 35 } } });
    expect(volume.statusCode, volume.body).toBe(200);
    expect(volume.json()).toMatchObject({ state: { volume: 35 } });
    expect(sim.engine.state.volume).toBe(35);
    const end = await agent.app.inject({ method: 'POST', url: '/api/session/end' });
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json()).toMatchObject({ session: { state: 'idle' }, result: { status: 'ok', scene: 'end-class' } });
    expect(sim.engine.state.power).toBe(false);
  });

  it('answers bad input with 400 naming the field, unknown things with 404', async () => {
    const cases: [string, string, unknown, number, string | RegExp][] = [
      ['POST', '/api/devices/panel/actions', { action: 'power.on', actoin: 'power.on' }, 400, 'body.actoin'],
      ['POST', '/api/devices/panel/actions', { args: { level: 3 } }, 400, 'body.action'],
      ['POST', '/api/devices/panel/actions', { action: 'volume.set', args: { level: 'loud' } }, 400, /args\.level/],
      ['POST', '/api/devices/panel/actions', { action: 'volume.set' }, 400, /needs args\.level/],
      ['POST', '/api/devices/panel/actions', { action: 'preset.goto', args: { preset: 'x' } }, 400, /no presets capability/],
      ['POST', '/api/devices/panel/actions', { action: 'explode' }, 400, /explode/],
      ['POST', '/api/devices/Panel%20!/actions', { action: 'power.on' }, 400, 'params.id'],
      ['POST', '/api/session/start', { course: 42 }, 400, 'body.course'],
      ['POST', '/api/session/start', { course: 'x'.repeat(500) }, 400, 'body.course'],
      ['POST', '/api/scenes/start-class/run', { wait: 'soon' }, 400, 'body.wait'],
      ['POST', '/api/technician/login', {}, 400, 'body.password'],
      ['GET', '/api/devices/projector', undefined, 404, /projector/],
      ['POST', '/api/scenes/disco/run', {}, 404, /disco/],
      ['GET', '/api/nothing-here', undefined, 404, /not found/],
    ];
    for (const [method, url, payload, status, field] of cases) {
      const res = await agent.app.inject({ method: method as 'GET' | 'POST', url, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBe(status);
      const error = res.json<{ error: { code: string; message: string; field?: string } }>().error;
      expect(error.code).toMatch(/^SC_ERR_/);
      if (typeof field === 'string') expect(error.field).toBe(field);
      else expect(error.message).toMatch(field);
    }
    const badJson = await agent.app.inject({ method: 'POST', url: '/api/session/start', headers: { 'content-type': 'application/json' }, payload: '{"course": ' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json<{ error: { code: string } }>().error.code).toBe('SC_ERR_HTTP_BAD_REQUEST');
    // Nothing of that hurt the agent.
    expect((await agent.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('keeps technician functions behind a scrypt login with a secure session cookie', async () => {
    expect((await agent.app.inject({ method: 'GET', url: '/api/technician/logs' })).statusCode).toBe(401);
    expect((await agent.app.inject({ method: 'POST', url: '/api/technician/devices/panel/raw', payload: { command: 'status' } })).statusCode).toBe(401);
    const wrong = await agent.app.inject({ method: 'POST', url: '/api/technician/login', payload: { password: 'guess' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('SC_ERR_LOGIN_FAILED');
    const ok = await agent.app.inject({ method: 'POST', url: '/api/technician/login', payload: { password: PASSWORD } });
    expect(ok.statusCode).toBe(200);
    const setCookie = String(ok.headers['set-cookie']);
    expect(setCookie).toMatch(/sc_technician=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';
    const raw = await agent.app.inject({ method: 'POST', url: '/api/technician/devices/panel/raw', headers: { cookie }, payload: { command: 'status' } });
    expect(raw.statusCode).toBe(200);
    expect(raw.json()).toMatchObject({ device: 'panel', command: 'status', result: { status: 'online' } });
    const unknownRaw = await agent.app.inject({ method: 'POST', url: '/api/technician/devices/panel/raw', headers: { cookie }, payload: { command: 'toString' } });
    expect(unknownRaw.statusCode).toBe(400);
    const config = await agent.app.inject({ method: 'GET', url: '/api/technician/config', headers: { cookie } });
    expect(config.statusCode).toBe(200);
    expect(JSON.stringify(config.json())).not.toMatch(/scrypt\$/);
    const me = await agent.app.inject({ method: 'GET', url: '/api/technician/me', headers: { cookie } });
    expect(me.json()).toEqual({ technician: true, loginEnabled: true });
    // Who moved the session is recorded: a logged-in technician, not the wall panel.
    const help = await agent.app.inject({ method: 'POST', url: '/api/help', headers: { cookie }, payload: { message: 'projector smells of smoke' } });
    expect(help.statusCode).toBe(202);
    await agent.app.inject({ method: 'POST', url: '/api/technician/logout', headers: { cookie } });
    expect((await agent.app.inject({ method: 'GET', url: '/api/technician/config', headers: { cookie } })).statusCode).toBe(401);
  });

  it('rate-limits login attempts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await agent.app.inject({ method: 'POST', url: '/api/technician/login', remoteAddress: '127.0.0.9', payload: { password: `guess ${i}` } });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.json<{ error: { code: string } }>().error.code).toBe('SC_ERR_RATE_LIMITED');
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
  });

  it('serves Prometheus metrics and the OpenAPI description', async () => {
    const metrics = await agent.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toContain('sc_device_up{device="panel",driver="samsung-mdc"} 1');
    expect(metrics.body).toMatch(/sc_scene_duration_seconds_count\{scene="start-class"\} 1/);
    expect(metrics.body).toMatch(/sc_command_latency_seconds_count\{device="panel",action="power.on"\} \d+/);
    expect(metrics.body).toContain('sc_session_state{state="idle"} 1');
    const spec = (await agent.app.inject({ method: 'GET', url: '/docs/json' })).json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/state', '/api/session/start', '/api/scenes/{id}/run', '/api/events', '/api/timetable', '/metrics']));
    expect((await agent.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('streams live updates as server-sent events', async () => {
    await agent.app.listen({ host: '127.0.0.1', port: 0 });
    const address = agent.app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const events: string[] = [];
    const req = httpRequest({ host: '127.0.0.1', port, path: '/api/events' });
    const got = new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          for (const m of buffer.matchAll(/^event: (.+)$/gm)) if (m[1] !== undefined && !events.includes(m[1])) events.push(m[1]);
          if (events.includes('snapshot') && events.length === 1) void agent.app.inject({ method: 'POST', url: '/api/help', payload: {} });
          if (events.includes('help')) resolve();
        });
      });
      req.on('error', reject);
    });
    req.end();
    await got;
    req.destroy();
    expect(events.slice(0, 2)).toEqual(['snapshot', 'help']);
  });
});

describe('technician password hashes', () => {
  it('verifies scrypt hashes in the config format and refuses malformed ones', async () => {
    const hash = await hashPassword('s3cret-pass');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]{43}$/);
    expect(await verifyPassword('s3cret-pass', hash)).toBe(true);
    expect(await verifyPassword('s3cret-pasS', hash)).toBe(false);
    await expect(verifyPassword('x', 'scrypt$3$8$1$abc$def')).rejects.toMatchObject({ code: 'SC_ERR_PASSWORD_HASH_INVALID' });
  });
});
