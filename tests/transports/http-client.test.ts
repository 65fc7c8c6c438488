import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isScError } from '../../src/core/errors/index.js';
import { HttpClient, type HttpClientOptions } from '../../src/transports/http/index.js';

/**
 * The one HTTP client against real servers on 127.0.0.1 port 0. The digest responder below is
 * written from RFC 7616 (section 3.4.1), not from the client's code.
 */
const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<URL> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
}

function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ device: 'cam-1', timeoutMs: 300, maxBytes: 1024, ...extra });
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

function digestParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) out[m[1] ?? ''] = m[2] ?? m[3] ?? '';
  return out;
}

describe('HttpClient', () => {
  it('a silent server times out naming the request and that the headers were awaited', async () => {
    const url = await serve(() => undefined); // accepts, never answers
    const err: unknown = await client().request({ url: new URL('/onvif/device_service', url), command: 'GetStatus' }).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_HTTP_TIMEOUT')).toBe(true);
    expect(String(err)).toMatch(/cam-1: no reply to GetStatus within 300 ms \(waited for the response headers of GET http:\/\/127\.0\.0\.1:\d+\/onvif\/device_service\)/);
    expect((err as { hint?: string }).hint).not.toMatch(/null-modem/);
  });

  it('a server that stalls in the middle of the body times out naming the body', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.write(Buffer.alloc(10));
    });
    const err: unknown = await client().request({ url: new URL('/snap.jpg', url) }).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_HTTP_TIMEOUT')).toBe(true);
    expect(String(err)).toMatch(/no reply to GET \/snap\.jpg within 300 ms \(waited for the body of GET/);
  });

  it('refuses a body over the limit, declared or streamed', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/declared') {
        res.writeHead(200, { 'content-length': '5000' });
        res.end(Buffer.alloc(5000));
      } else {
        res.writeHead(200); // chunked: no length given
        for (let i = 0; i < 5; i++) res.write(Buffer.alloc(600));
        res.end();
      }
    });
    for (const path of ['/declared', '/streamed']) {
      const err: unknown = await client().request({ url: new URL(path, url) }).catch((e: unknown) => e);
      expect(isScError(err, 'SC_ERR_HTTP_TOO_LARGE')).toBe(true);
      expect(String(err)).toMatch(/larger than 1024 bytes/);
    }
    const ok = await client().request({ url: new URL('/declared', url), maxBytes: 8000 });
    expect(ok.body.length).toBe(5000);
  });

  it('never follows a redirect, and does not repeat a password in its Location', async () => {
    let followed = false;
    const url = await serve((req, res) => {
      if (req.url === '/elsewhere') followed = true;
      res.writeHead(302, { location: 'http://admin:s3cret@127.0.0.1:1/elsewhere' });
      res.end();
    });
    const err: unknown = await client().request({ url: new URL('/snapshot', url) }).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_HTTP_REDIRECT')).toBe(true);
    expect(String(err)).toMatch(/redirected \(HTTP 302\)/);
    expect(String(err)).not.toContain('s3cret');
    expect(followed).toBe(false);
  });

  it('answers a digest challenge (qop=auth) once, and a wrong password is SC_ERR_AUTH_FAILED', async () => {
    const seen: string[] = [];
    const url = await serve((req, res) => {
      const auth = req.headers.authorization;
      seen.push(auth === undefined ? 'none' : auth.split(' ')[0] ?? '');
      const challenge = 'Digest realm="cam", qop="auth", nonce="n0nce", opaque="op", algorithm=MD5';
      if (auth === undefined) {
        res.writeHead(401, { 'www-authenticate': challenge });
        res.end();
        return;
      }
      const p = digestParams(auth);
      const ha1 = md5(`${p.username ?? ''}:cam:classroom`);
      const ha2 = md5(`${req.method ?? ''}:${p.uri ?? ''}`);
      const expected = md5(`${ha1}:${p.nonce ?? ''}:${p.nc ?? ''}:${p.cnonce ?? ''}:${p.qop ?? ''}:${ha2}`);
      if (p.username === 'admin' && p.response === expected && p.uri === req.url && p.opaque === 'op') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('hello');
      } else {
        res.writeHead(401, { 'www-authenticate': challenge });
        res.end();
      }
    });
    const good = await client({ credentials: { username: 'admin', password: 'classroom' } }).request({ url: new URL('/snap.jpg?size=1', url) });
    expect(good.status).toBe(200);
    expect(good.text()).toBe('hello');
    expect(seen).toEqual(['none', 'Digest']);
    const bad: unknown = await client({ credentials: { username: 'admin', password: 'wrong' } }).request({ url: new URL('/snap.jpg', url) }).catch((e: unknown) => e);
    expect(isScError(bad, 'SC_ERR_AUTH_FAILED')).toBe(true);
    expect((bad as { kind?: string }).kind).toBe('credentials');
    const none: unknown = await client().request({ url: new URL('/snap.jpg', url) }).catch((e: unknown) => e);
    expect(String(none)).toMatch(/asks for credentials and none are configured/);
    // A client that may answer Basic only refuses the digest challenge without sending anything.
    const basicOnly: unknown = await client({ credentials: { username: 'admin', password: 'classroom' }, schemes: ['basic'] }).request({ url: new URL('/x', url) }).catch((e: unknown) => e);
    expect(String(basicOnly)).toMatch(/unsupported authentication \(offered: Digest MD5; we answer basic\)/);
  });

  it('sends Basic with every request when asked to, and answers a Basic challenge otherwise', async () => {
    const expected = `Basic ${Buffer.from('admin:pa:ss').toString('base64')}`;
    let requests = 0;
    const url = await serve((req, res) => {
      requests += 1;
      if (req.headers.authorization === expected) {
        res.writeHead(200);
        res.end('{"status":"ok"}');
      } else {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="Pearl"' });
        res.end();
      }
    });
    const creds = { username: 'admin', password: 'pa:ss' };
    expect((await client({ credentials: creds, auth: 'basic' }).request({ url: new URL('/api/recorders', url) })).status).toBe(200);
    expect(requests).toBe(1);
    expect((await client({ credentials: creds }).request({ url: new URL('/api/recorders', url) })).status).toBe(200);
    expect(requests).toBe(3);
    const wrong: unknown = await client({ credentials: { username: 'admin', password: 'nope' }, auth: 'basic' }).request({ url: new URL('/api/recorders', url) }).catch((e: unknown) => e);
    expect(isScError(wrong, 'SC_ERR_AUTH_FAILED')).toBe(true);
    expect(requests).toBe(4);
  });

  it('a closed loopback port is SC_ERR_TCP_CONNECT naming host and port', async () => {
    const probe = createNetServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const err: unknown = await client().request({ url: new URL(`http://127.0.0.1:${port}/onvif/device_service`), command: 'GetSystemDateAndTime' }).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_TCP_CONNECT')).toBe(true);
    expect(String(err)).toContain(`127.0.0.1:${port}`);
    expect((err as { kind?: string }).kind).toBe('link');
  });

  it('close() aborts what is in flight and refuses what comes after', async () => {
    const url = await serve(() => undefined);
    const c = client({ timeoutMs: 10_000 });
    const pending = c.request({ url: new URL('/pull', url), command: 'PullMessages' }).catch((e: unknown) => e);
    await new Promise((r) => setImmediate(r));
    c.close();
    expect(isScError(await pending, 'SC_ERR_LINK_CLOSED')).toBe(true);
    expect(isScError(await c.request({ url }).catch((e: unknown) => e), 'SC_ERR_LINK_CLOSED')).toBe(true);
  });
});
