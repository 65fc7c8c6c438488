import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsync } from 'fastify';
import { ScError } from '../../../core/errors/index.js';
import { IdParam, errorReplies } from '../schemas.js';
import type { RouteOptions } from './common.js';

/**
 * GET /api/devices/:id/snapshot: the camera's still image, for the wall panel's position
 * buttons. Fetching it is the camera driver's (its `stream` capability: only from the camera's
 * own host, with its credentials, within a size and time limit); this route only caches it for
 * a few seconds, so several panels do not each hit the camera, and serves it.
 */

const Params = Type.Object({ id: IdParam }, { additionalProperties: false });

export const SNAPSHOT_CACHE_MS = 3000;

interface Fetched {
  at: number;
  /** Where the head was (state preset/ptz): a camera that moved since gets asked again. */
  position: string;
  jpeg: Buffer;
}

export const cameraSnapshotRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps }) => {
  const cache = new Map<string, Fetched>();
  const inFlight = new Map<string, Promise<Fetched>>();

  const load = async (id: string, position: string): Promise<Fetched> => {
    const stream = deps.devices.driver(id).stream;
    if (stream === undefined) throw new ScError('SC_ERR_CAMERA_NO_SNAPSHOT', { device: id, reason: 'it has no stream capability' });
    return { at: Date.now(), position, jpeg: await stream.snapshot() };
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
          pending = load(id, position).finally(() => inFlight.delete(id));
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
