import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { ROOM_EVENT_NAMES } from '../../events.js';
import type { RouteOptions } from './common.js';

const HEARTBEAT_MS = 15_000;

/**
 * Live updates as server-sent events: first a `snapshot` of the room, then every room event
 * by name (device-state, scene-progress, session, help, ...). A heartbeat comment keeps
 * proxies and kiosk browsers from closing an idle stream.
 */
export const eventRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps }) => {
  const open = new Set<ServerResponse>();
  app.addHook('onClose', () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get('/api/events', {
    schema: {
      summary: 'server-sent events: a snapshot, then every room event as it happens',
      tags: ['room'],
      produces: ['text/event-stream'],
      response: { 200: { description: 'text/event-stream', type: 'string' } },
    },
    handler: (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      open.add(res);
      const send = (event: string, data: unknown): void => {
        if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      send('snapshot', deps.controller.snapshot());
      const offs = ROOM_EVENT_NAMES.map((name) => deps.bus.on(name, (payload) => send(name, payload)));
      const heartbeat = setInterval(() => {
        if (!res.writableEnded) res.write(': heartbeat\n\n');
      }, HEARTBEAT_MS);
      heartbeat.unref();
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        for (const off of offs) off();
        open.delete(res);
      });
    },
  });
  return Promise.resolve();
};
