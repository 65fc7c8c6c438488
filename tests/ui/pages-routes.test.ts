import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.js';
import { hashPassword } from '../../src/core/passwords.js';
import { staticPages } from '../../src/agent/http/static-pages.js';
import { tarGz } from '../../src/agent/http/tar.js';
import { parseConfig, type RoomConfig } from '../../src/core/config/index.js';
import { allSimulators } from '../../src/simulators/index.js';
import type { RunningSimulator } from '../../src/simulators/registry.js';
import { tempDir } from '../helpers/index.js';

const log = pino({ level: 'silent' });
const PASSWORD = 'a long enough password';

describe('routes and static files of the wall panel and technician page', () => {
  let panel: RunningSimulator;
  let agent: Agent;
  let cookie = '';

  beforeAll(async () => {
    const sim = allSimulators().find((s) => s.device === 'panel');
    if (sim === undefined) throw new Error('no panel simulator');
    panel = await sim.start({ protocol: 'samsung-mdc', host: '127.0.0.1', tcpPort: 0, log, settings: { id: '1' } });
    const target = panel.targets.find((t) => t.startsWith('tcp://')) ?? '';
    const yaml = `schemaVersion: 1
room: { id: r1, country: ke, site: s1 }
devices:
  - { id: panel, driver: samsung-mdc, target: "${target}", pollIntervalMs: 60000, timeoutMs: 500, options: { id: 1 } }
scenes:
  start-class: { steps: [ { device: panel, action: input.select, args: { input: hdmi2 } } ] }
  end-class: { steps: [ { device: panel, action: power.off } ] }
http: { technicianPasswordHash: "${await hashPassword(PASSWORD)}", secureCookie: false }
`;
    agent = new Agent({ config: parseConfig<RoomConfig>(yaml, 'room.yaml', { kind: 'room', env: {} }), log, version: 'test', serve: false, dataDir: '/nonexistent-sc-test' });
    await agent.start();
    const login = await agent.app.inject({ method: 'POST', url: '/api/technician/login', payload: { password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
  }, 30_000);

  afterAll(async () => {
    await agent?.stop();
    await panel?.stop();
  });

  it('serves the built pages: index never cached, hashed assets cached for good', async () => {
    const index = await agent.app.inject({ url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['cache-control']).toBe('no-cache');
    const asset = /src="\.\/(assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(asset).toBeDefined();
    const js = await agent.app.inject({ url: `/${asset ?? ''}` });
    expect(js.statusCode).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    // Nothing from the internet: no absolute URLs in the page or its script.
    expect(index.body + js.body).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z]/i);
    expect((await agent.app.inject({ url: '/technician' })).headers.location).toBe('/technician/');
    expect((await agent.app.inject({ url: '/technician/' })).statusCode).toBe(200);
    expect((await agent.app.inject({ url: '/api/nothing-here' })).json()).toMatchObject({ error: { code: 'SC_ERR_HTTP_NOT_FOUND' } });
  });

  it('says the pages are not built instead of a bare 404', async () => {
    const dir = tempDir('sc-ui-empty-');
    const app = Fastify();
    await app.register(staticPages, { root: dir.path });
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    await app.close();
    dir.remove();
  });

  it("gives the wall panel a panel's inputs, those the scenes use first", async () => {
    const res = await agent.app.inject({ url: '/api/devices/panel/controls' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ inputs: string[]; featured: string[] }>();
    expect(body.inputs).toContain('hdmi1');
    expect(body.featured).toEqual(['hdmi2']);
  });

  it('checks a device snippet for the config against the schema and the driver', async () => {
    const ok = await agent.app.inject({ method: 'POST', url: '/api/technician/config/device-snippet', headers: { cookie }, payload: { id: 'camera', driver: 'onvif', target: 'http://10.0.0.5/onvif/device_service' } });
    expect(ok.json()).toMatchObject({ ok: true, problems: [] });
    expect(ok.json<{ yaml: string }>().yaml).toContain('driver: onvif');
    const bad = await agent.app.inject({ method: 'POST', url: '/api/technician/config/device-snippet', headers: { cookie }, payload: { id: 'panel', driver: 'samsung-mdc', target: 'http://10.0.0.5/' } });
    const problems = bad.json<{ ok: boolean; problems: string[] }>();
    expect(problems.ok).toBe(false);
    expect(problems.problems.join('\n')).toMatch(/already used/);
    expect(problems.problems.join('\n')).toMatch(/http target/);
    const anonymous = await agent.app.inject({ method: 'POST', url: '/api/technician/config/device-snippet', payload: { id: 'x', driver: 'onvif', target: 'http://a/' } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('lists serial ports for discovery, behind the login', async () => {
    const res = await agent.app.inject({ url: '/api/technician/discovery?kind=serial', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'serial', devices: expect.any(Array), notes: expect.any(Array) });
    expect((await agent.app.inject({ url: '/api/technician/discovery?kind=serial' })).statusCode).toBe(401);
  });

  it('refuses a byte console command that is not hex', async () => {
    const res = await agent.app.inject({ method: 'POST', url: '/api/technician/devices/panel/bytes', headers: { cookie }, payload: { hex: 'AA ZZ' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toContain('not hexadecimal');
  });
});

describe('support bundle archive', () => {
  it('is a .tar.gz that the system tar reads back', () => {
    const dir = tempDir('sc-ui-tar-');
    const file = join(dir.path, 'b.tar.gz');
    const long = 'x'.repeat(1500);
    writeFileSync(file, tarGz([{ name: 'a.json', content: '{"a":1}\n' }, { name: 'logs.jsonl', content: long }]));
    expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(['a.json', 'logs.jsonl']);
    mkdirSync(join(dir.path, 'out'));
    execFileSync('tar', ['-xzf', file, '-C', join(dir.path, 'out')]);
    expect(execFileSync('cat', [join(dir.path, 'out', 'logs.jsonl')], { encoding: 'utf8' })).toBe(long);
    dir.remove();
  });
});
