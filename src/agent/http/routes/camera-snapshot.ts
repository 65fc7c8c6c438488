import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ScError, isScError, messageOf } from '../../../core/errors/index.js';
import { parseTarget } from '../../../transports/target.js';
import { IdParam, errorReplies } from '../schemas.js';
import type { RouteOptions } from './common.js';

/**
 * GET /api/devices/:id/snapshot: the camera's still image, for the wall panel's position
 * buttons. The URI comes from the camera (ONVIF GetSnapshotUri) and is only followed when it
 * names the camera's own host from the room config: a camera must not make the agent fetch
 * anything else on the network. Credentials are the device's, by HTTP digest (or basic when
 * that is all the camera asks for). Small, quick and cached for a few seconds, so several
 * panels do not each hit the camera.
 */

const Params = Type.Object({ id: IdParam }, { additionalProperties: false });

export const SNAPSHOT_MAX_BYTES = 1024 * 1024;
export const SNAPSHOT_TIMEOUT_MS = 4000;
export const SNAPSHOT_CACHE_MS = 3000;

interface Fetched {
  at: number;
  /** Where the head was (state preset/ptz): a camera that moved since gets asked again. */
  position: string;
  jpeg: Buffer;
}

interface Credentials {
  username?: string;
  password?: string;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** The Authorization answer to a camera's WWW-Authenticate challenge (digest MD5 or basic). */
export function authorizationFor(challenge: string, creds: Credentials, method: string, path: string): string | undefined {
  if (creds.username === undefined) return undefined;
  const password = creds.password ?? '';
  if (/^basic\b/i.test(challenge)) return `Basic ${Buffer.from(`${creds.username}:${password}`).toString('base64')}`;
  if (!/^digest\b/i.test(challenge)) return undefined;
  const p: Record<string, string> = {};
  for (const m of challenge.slice(challenge.indexOf(' ') + 1).matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)) p[(m[1] ?? '').toLowerCase()] = m[2] ?? m[3] ?? '';
  const algorithm = p.algorithm ?? 'MD5';
  if (!/^md5$/i.test(algorithm)) return undefined;
  const realm = p.realm ?? '';
  const nonce = p.nonce ?? '';
  const ha1 = md5(`${creds.username}:${realm}:${password}`);
  const ha2 = md5(`${method}:${path}`);
  const qop = (p.qop ?? '').split(',').map((q) => q.trim()).includes('auth') ? 'auth' : undefined;
  const quote = (s: string): string => s.replace(/["\\]/g, '');
  const parts = [`username="${quote(creds.username)}"`, `realm="${quote(realm)}"`, `nonce="${quote(nonce)}"`, `uri="${path}"`, `algorithm=${algorithm}`];
  if (qop === undefined) {
    parts.push(`response="${md5(`${ha1}:${nonce}:${ha2}`)}"`);
  } else {
    const cnonce = randomBytes(8).toString('hex');
    parts.push(`qop=${qop}`, 'nc=00000001', `cnonce="${cnonce}"`, `response="${md5(`${ha1}:${nonce}:00000001:${cnonce}:${qop}:${ha2}`)}"`);
  }
  if (p.opaque !== undefined) parts.push(`opaque="${quote(p.opaque)}"`);
  return `Digest ${parts.join(', ')}`;
}

interface GetResult {
  status: number;
  challenge?: string;
  contentType?: string;
  body: Buffer;
}

/** One GET, no redirects followed, body capped, the whole exchange bounded in time. */
function get(url: URL, authorization: string | undefined, fail: (reason: string) => ScError): Promise<GetResult> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { Accept: 'image/jpeg' };
    if (authorization !== undefined) headers.Authorization = authorization;
    const req = send(url, { method: 'GET', headers, agent: false, timeout: SNAPSHOT_TIMEOUT_MS });
    const timer = setTimeout(() => {
      req.destroy();
      reject(fail(`no complete answer within ${SNAPSHOT_TIMEOUT_MS} ms`));
    }, SNAPSHOT_TIMEOUT_MS);
    const done = (f: () => void): void => {
      clearTimeout(timer);
      f();
    };
    req.on('timeout', () => req.destroy(new Error(`no answer within ${SNAPSHOT_TIMEOUT_MS} ms`)));
    req.on('error', (err) => done(() => reject(fail(err.message))));
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > SNAPSHOT_MAX_BYTES) {
        res.destroy();
        done(() => reject(fail(`image of ${declared} bytes is over the ${SNAPSHOT_MAX_BYTES}-byte limit`)));
        return;
      }
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > SNAPSHOT_MAX_BYTES) {
          res.destroy();
          done(() => reject(fail(`image is over the ${SNAPSHOT_MAX_BYTES}-byte limit`)));
        } else chunks.push(c);
      });
      res.on('error', (err) => done(() => reject(fail(err.message))));
      res.on('end', () =>
        done(() => {
          const challenge = res.headers['www-authenticate'];
          resolve({
            status: res.statusCode ?? 0,
            ...(challenge === undefined ? {} : { challenge: Array.isArray(challenge) ? challenge.join(', ') : challenge }),
            ...(res.headers['content-type'] === undefined ? {} : { contentType: res.headers['content-type'] }),
            body: Buffer.concat(chunks),
          });
        }),
      );
    });
    req.end();
  });
}

/** Fetches a JPEG, answering one auth challenge with the device's credentials. */
export async function fetchSnapshot(url: URL, creds: Credentials, fail: (reason: string) => ScError): Promise<Buffer> {
  const path = `${url.pathname}${url.search}`;
  let res = await get(url, undefined, fail);
  if (res.status === 401 && res.challenge !== undefined) {
    // A camera may offer several schemes in one header; prefer digest.
    const challenge = /digest\s[^]*/i.exec(res.challenge)?.[0] ?? res.challenge;
    const authorization = authorizationFor(challenge, creds, 'GET', path);
    if (authorization === undefined) throw fail(creds.username === undefined ? 'the camera wants credentials and the device has none' : `unsupported authentication "${challenge.split(' ')[0] ?? ''}"`);
    res = await get(url, authorization, fail);
  }
  if (res.status === 401 || res.status === 403) throw fail(`the camera refused the credentials (HTTP ${res.status})`);
  if (res.status !== 200) throw fail(`HTTP ${res.status}`);
  if (res.body.length < 4 || res.body[0] !== 0xff || res.body[1] !== 0xd8) throw fail(`not a JPEG (${res.contentType ?? 'no content type'})`);
  return res.body;
}

/** The snapshot URI when it points at the camera's own host, else a coded refusal. */
export function allowedSnapshotUrl(device: string, uri: string, cameraHost: string): URL {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ScError('SC_ERR_CAMERA_SNAPSHOT_FAILED', { device, host: cameraHost, reason: `the camera gave an unusable snapshot URI "${uri}"` });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || host !== cameraHost.toLowerCase()) {
    throw new ScError('SC_ERR_CAMERA_SNAPSHOT_FAILED', { device, host: cameraHost, reason: `the camera's snapshot URI points at ${url.protocol}//${url.host}, not at the camera; refused` });
  }
  return url;
}

export const cameraSnapshotRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps }) => {
  const cache = new Map<string, Fetched>();
  const inFlight = new Map<string, Promise<Fetched>>();

  const load = async (id: string, position: string, log: { warn(o: object, msg: string): void }): Promise<Fetched> => {
    const config = deps.devices.plan(id).config;
    const target = parseTarget(config.target);
    if (target.kind !== 'http') throw new ScError('SC_ERR_CAMERA_NO_SNAPSHOT', { device: id, reason: 'the camera is not reached over http://' });
    const cameraHost = target.url.hostname.replace(/^\[|\]$/g, '');
    const stream = deps.devices.driver(id).stream;
    if (stream === undefined) throw new ScError('SC_ERR_CAMERA_NO_SNAPSHOT', { device: id, reason: 'it has no stream capability' });
    let uri: string;
    try {
      uri = await stream.snapshotUri();
    } catch (err) {
      if (isScError(err, 'SC_ERR_ONVIF_FAULT') || isScError(err, 'SC_ERR_ONVIF_NO_PROFILE')) throw new ScError('SC_ERR_CAMERA_NO_SNAPSHOT', { device: id, reason: messageOf(err) }, { cause: err });
      throw new ScError('SC_ERR_CAMERA_SNAPSHOT_FAILED', { device: id, host: cameraHost, reason: `no snapshot URI: ${messageOf(err)}` }, { cause: err });
    }
    let url: URL;
    try {
      url = allowedSnapshotUrl(id, uri, cameraHost);
    } catch (err) {
      log.warn({ device: id, uri, cameraHost }, 'snapshot URI refused: it does not point at the camera');
      throw err;
    }
    const creds: Credentials = {
      ...((config.username ?? target.username) === undefined ? {} : { username: config.username ?? target.username }),
      ...((typeof config.password === 'string' ? config.password : target.password) === undefined ? {} : { password: typeof config.password === 'string' ? config.password : target.password }),
    };
    const jpeg = await fetchSnapshot(url, creds, (reason) => new ScError('SC_ERR_CAMERA_SNAPSHOT_FAILED', { device: id, host: cameraHost, reason }));
    return { at: Date.now(), position, jpeg };
  };

  app.get<{ Params: Static<typeof Params> }>('/api/devices/:id/snapshot', {
    schema: {
      summary: "the camera's current still image (image/jpeg), for the wall panel's position buttons",
      description: 'Cached for a few seconds; 404 SC_ERR_CAMERA_NO_SNAPSHOT when the camera offers none, 502 SC_ERR_CAMERA_SNAPSHOT_FAILED when fetching it fails or its URI points anywhere but the camera.',
      tags: ['devices'],
      params: Params,
      response: errorReplies,
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      const info = deps.devices.info(id);
      if (!info.capabilities.includes('stream')) throw new ScError('SC_ERR_CAMERA_NO_SNAPSHOT', { device: id, reason: 'it has no stream capability' });
      if (info.state.status === 'offline') throw new ScError('SC_ERR_CAMERA_SNAPSHOT_FAILED', { device: id, host: 'the camera', reason: 'the camera is offline' });
      const position = JSON.stringify([info.state.preset, info.state.ptz]);
      const cached = cache.get(id);
      let shot: Fetched;
      if (cached !== undefined && Date.now() - cached.at < SNAPSHOT_CACHE_MS && cached.position === position) shot = cached;
      else {
        let pending = inFlight.get(id);
        if (pending === undefined) {
          pending = load(id, position, request.log).finally(() => inFlight.delete(id));
          inFlight.set(id, pending);
        }
        shot = await pending;
        cache.set(id, shot);
      }
      return reply.type('image/jpeg').header('cache-control', 'no-store').send(shot.jpeg);
    },
  });
  return Promise.resolve();
};
