import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, type TempDir } from '../helpers/index.js';
import { startFleet, type TestFleet } from './fleet.js';

type Role = 'anonymous' | 'viewer' | 'operator' | 'technician' | 'admin';
interface Login {
  cookie: string;
  csrf: string;
}

/**
 * Every route the API has, with who may call it. Written out by hand: a new route missing here
 * fails the test, and a route whose guard disagrees with this table fails it too.
 */
const EXPECTED: Record<string, 'public' | 'read' | 'act' | 'admin'> = {
  'POST /api/login': 'public',
  'POST /api/logout': 'read',
  'GET /api/session': 'read',
  'GET /api/overview': 'read',
  'GET /api/rooms': 'read',
  'GET /api/rooms/:country/:site/:room': 'read',
  'GET /api/rooms/:country/:site/:room/events': 'read',
  'GET /api/rooms/:country/:site/:room/gaps': 'read',
  'GET /api/alerts': 'read',
  'POST /api/alerts/:id/ack': 'act',
  'POST /api/alerts/:id/resolve': 'act',
  'POST /api/rooms/:country/:site/:room/commands': 'act',
  'GET /api/audit': 'read',
  'GET /api/analytics/usage': 'read',
  'GET /api/analytics/uptime': 'read',
  'GET /api/analytics/failures': 'read',
  'GET /api/sites': 'read',
  'POST /api/sites': 'admin',
  'POST /api/rooms': 'admin',
  'POST /api/rooms/:country/:site/:room/credentials': 'admin',
  'DELETE /api/rooms/:country/:site/:room/credentials': 'admin',
  'GET /api/rooms/:country/:site/:room/uplink.yaml': 'admin',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/:id': 'admin',
  'DELETE /api/users/:id': 'admin',
  'GET /api/live': 'read',
  'GET /api/live/ws': 'read',
  'GET /metrics': 'public',
  'GET /healthz': 'public',
};
const ALLOWED: Record<string, Role[]> = {
  public: ['anonymous', 'viewer', 'operator', 'technician', 'admin'],
  read: ['viewer', 'operator', 'technician', 'admin'],
  act: ['operator', 'technician', 'admin'],
  admin: ['admin'],
};

describe('HTTP API: users, roles, sessions and CSRF on every route', () => {
  let dir: TempDir;
  let fleet: TestFleet;
  let app: FastifyInstance;
  const logins = new Map<Role, Login>();

  const call = (method: string, url: string, as: Role, body?: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> => {
    const login = logins.get(as);
    return app.inject({
      method: method as 'GET',
      url,
      headers: { ...(login === undefined ? {} : { cookie: login.cookie, 'x-csrf-token': login.csrf }), ...headers },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
  };
  const login = async (username: string, password: string): Promise<Login> => {
    const res = await app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
    expect(res.statusCode, res.body).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    return { cookie: setCookie.split(';')[0] ?? '', csrf: (res.json() as { csrfToken: string }).csrfToken };
  };

  beforeAll(async () => {
    dir = tempDir('sc-fleet-http-');
    fleet = await startFleet(dir.path);
    app = fleet.service.http;
    const first = fleet.started.firstAdmin;
    expect(first?.username).toBe('admin');
    logins.set('admin', await login('admin', first?.password ?? ''));
    for (const [country, site] of [
      ['ke', 'uon'],
      ['ke', 'kenyatta'],
    ]) {
      expect((await call('POST', '/api/sites', 'admin', { country, site })).statusCode).toBe(200);
    }
    expect((await call('POST', '/api/rooms', 'admin', { country: 'ke', site: 'uon', room: 'room-a' })).statusCode).toBe(200);
    expect((await call('POST', '/api/rooms', 'admin', { country: 'ke', site: 'kenyatta', room: 'room-b' })).statusCode).toBe(200);
    for (const role of ['viewer', 'operator', 'technician'] as const) {
      const res = await call('POST', '/api/users', 'admin', { username: role, password: `${role}-password-1`, role, ...(role === 'technician' ? { sites: ['ke/uon'] } : {}) });
      expect(res.statusCode, res.body).toBe(200);
      logins.set(role, await login(role, `${role}-password-1`));
    }
  });

  afterAll(async () => {
    await fleet?.close();
    dir?.remove();
  });

  /** The dashboard's own API and pages (another issue) are checked against what they declare. */
  const ours = (url: string): boolean => !url.startsWith('/docs') && !url.startsWith('/api/dashboard') && url.match(/^\/(api|metrics|healthz)/) !== null;

  it('lists every route in the expected table, each with a schema', () => {
    const routes = app.fleetRoutes.filter((r) => ours(r.url));
    const seen = routes.map((r) => `${r.method} ${r.url}`).sort();
    expect(seen).toEqual(Object.keys(EXPECTED).sort());
    expect(routes.filter((r) => !r.hasSchema)).toEqual([]);
  });

  it('answers each role on each route as the table says (401 anonymous, 403 not allowed)', async () => {
    const failures: string[] = [];
    for (const route of app.fleetRoutes.filter((r) => !r.url.startsWith('/docs'))) {
      if (route.url.includes('*')) continue;
      const key = `${route.method} ${route.url}`;
      const permission = ours(route.url) ? (EXPECTED[key] ?? 'admin') : route.permission;
      // ke/uon is the technician's site; room-x does not exist, so allowed calls change nothing.
      const url = route.url.replace(':country', 'ke').replace(':site', 'uon').replace(':room', 'room-x').replace(':id', '9999');
      for (const role of ['anonymous', 'viewer', 'operator', 'technician', 'admin'] as Role[]) {
        if (key === 'POST /api/logout' && role !== 'anonymous') continue;
        const allowed = ALLOWED[permission]?.includes(role) === true;
        // A live stream never ends: only its refusals are checked here.
        if (allowed && /\/live(\/|$)/.test(route.url)) continue;
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const res = await call(route.method, url, role, body);
        const status = res.statusCode;
        const ok = allowed ? status !== 401 && status !== 403 && status < 500 : status === (role === 'anonymous' ? 401 : 403);
        if (!ok) failures.push(`${key} as ${role}: ${status} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('keeps technicians to their sites', async () => {
    const rooms = (await call('GET', '/api/rooms', 'technician')).json() as { root: string }[];
    expect(rooms.map((r) => r.root)).toEqual(['sc/v1/ke/uon/room-a']);
    expect((await call('GET', '/api/rooms', 'viewer')).json()).toHaveLength(2);
    const other = await call('GET', '/api/rooms/ke/kenyatta/room-b', 'technician');
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ error: { code: 'SC_ERR_FLEET_SITE_SCOPE' } });
    const cmd = await call('POST', '/api/rooms/ke/kenyatta/room-b/commands', 'technician', { action: 'rebirth' });
    expect(cmd.statusCode).toBe(403);
    expect((await call('GET', '/api/rooms/ke/uon/room-a', 'technician')).statusCode).toBe(200);
  });

  it('refuses a state change without the CSRF token, or with another session\'s', async () => {
    const admin = logins.get('admin') as Login;
    const none = await app.inject({ method: 'POST', url: '/api/sites', headers: { cookie: admin.cookie }, payload: { country: 'tz', site: 'udsm' } });
    expect(none.statusCode).toBe(403);
    expect(none.json()).toMatchObject({ error: { code: 'SC_ERR_FLEET_CSRF' } });
    const other = await app.inject({ method: 'POST', url: '/api/sites', headers: { cookie: admin.cookie, 'x-csrf-token': logins.get('viewer')?.csrf ?? '' }, payload: { country: 'tz', site: 'udsm' } });
    expect(other.statusCode).toBe(403);
    const forged = await app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `${admin.cookie.slice(0, -4)}AAAA` } });
    expect(forged.statusCode).toBe(401);
  });

  it('sets a secure, http-only, same-site session cookie, and has no default password', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'viewer', password: 'viewer-password-1' } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    for (const password of ['admin', 'password', 'changeme', '']) {
      const r = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password } });
      expect([400, 401]).toContain(r.statusCode);
    }
    const wrong = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'nobody', password: 'x' } });
    expect(wrong.json()).toMatchObject({ error: { code: 'SC_ERR_FLEET_LOGIN_FAILED' } });
  });

  it('names the field in a 400 and rejects unknown fields', async () => {
    const role = await call('POST', '/api/users', 'admin', { username: 'eve', password: 'long-enough-pw', role: 'root' });
    expect(role.statusCode).toBe(400);
    expect(role.json()).toMatchObject({ error: { code: 'SC_ERR_HTTP_BAD_REQUEST', message: expect.stringMatching(/role/) } });
    const extra = await call('POST', '/api/sites', 'admin', { country: 'tz', site: 'udsm', evil: true });
    expect(extra.statusCode).toBe(400);
    const weak = await call('POST', '/api/users', 'admin', { username: 'eve', password: 'short', role: 'viewer' });
    expect(weak.json()).toMatchObject({ error: { code: 'SC_ERR_PASSWORD_WEAK', message: expect.stringMatching(/too-short/) } });
    // Long enough, yet among the first guesses of any attacker: refused, naming the rule.
    for (const [password, rule] of [['aaaaaaaaaa', 'one-character'], ['1111111111111', 'one-character'], ['qwertyuiop', 'common'], ['Sunshine2024!', 'common']] as const) {
      const r = await call('POST', '/api/users', 'admin', { username: 'eve', password, role: 'viewer' });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ error: { code: 'SC_ERR_PASSWORD_WEAK', message: expect.stringContaining(rule) } });
    }
    const badId = await call('PATCH', '/api/users/abc', 'admin', { role: 'viewer' });
    expect(badId.statusCode).toBe(400);
    const hostile = await call('GET', '/api/rooms/..%2F..%2Fetc/uon/room-a', 'admin');
    expect(hostile.statusCode).toBe(400);
    const notJson = await app.inject({ method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toMatchObject({ error: { code: 'SC_ERR_HTTP_BAD_REQUEST' } });
  });

  it('keeps the last admin, and ends a user\'s logins when the password changes', async () => {
    const users = (await call('GET', '/api/users', 'admin')).json() as { id: number; username: string }[];
    const adminId = users.find((u) => u.username === 'admin')?.id ?? 0;
    const demote = await call('PATCH', `/api/users/${adminId}`, 'admin', { role: 'viewer' });
    expect(demote.json()).toMatchObject({ error: { code: 'SC_ERR_FLEET_LAST_ADMIN' } });
    const operatorId = users.find((u) => u.username === 'operator')?.id ?? 0;
    expect((await call('PATCH', `/api/users/${operatorId}`, 'admin', { password: 'new-operator-pw' })).statusCode).toBe(200);
    expect((await call('GET', '/api/session', 'operator')).statusCode).toBe(401);
    logins.set('operator', await login('operator', 'new-operator-pw'));
  });

  it('serves the OpenAPI description at /docs and metrics for Prometheus', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/docs/json' })).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/rooms/{country}/{site}/{room}/commands');
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/^sc_fleet_rooms 2$/m);
    expect(metrics.body).toMatch(/sc_fleet_http_logins_total\{result="refused"\} \d+/);
  });

  it('limits login attempts per address', async () => {
    const limited = await startFleet(tempDir('sc-fleet-rl-').path, { http: { loginAttemptsPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await limited.service.http.inject({ method: 'POST', url: '/api/login', payload: { username: 'admin', password: 'guess' } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('logs out', async () => {
    expect((await call('POST', '/api/logout', 'viewer')).statusCode).toBe(200);
    expect((await call('GET', '/api/session', 'viewer')).statusCode).toBe(401);
  });
});
