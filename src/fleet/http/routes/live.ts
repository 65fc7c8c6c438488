import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ScError } from '../../../core/errors/index.js';
import { canSeeSite, siteOfRoot } from '../../auth/roles.js';
import type { FleetEvents } from '../../events.js';
import { roomJson } from '../../ingest/model.js';
import type { UserRecord } from '../../store/types.js';
import type { FleetAppDeps } from '../context.js';
import { userOf } from '../guard.js';
import { ErrorReply } from '../schemas.js';

type Send = (event: string, data: unknown) => void;

/** Which room an event is about, for technicians' site scope. */
function rootOfEvent<K extends keyof FleetEvents>(name: K, payload: FleetEvents[K]): string {
  const p = payload as Record<string, unknown>;
  if (typeof p.root === 'string') return p.root;
  const inner = (p.event ?? p.alert ?? p.audit ?? p.gap ?? p.transition) as { root?: string } | undefined;
  return inner?.root ?? String(name);
}

function wire<K extends keyof FleetEvents>(name: K, payload: FleetEvents[K]): unknown {
  if (name === 'room') {
    const p = payload as FleetEvents['room'];
    return { root: p.root, change: p.change, room: roomJson(p.room) };
  }
  return payload;
}

const STREAMED: (keyof FleetEvents)[] = ['room', 'device', 'session', 'event', 'health', 'gap', 'alert', 'command'];

/** Subscribes one client to the fleet's events; returns the unsubscribe function. */
function follow(deps: FleetAppDeps, user: UserRecord, send: Send): () => void {
  const offs = STREAMED.map((name) =>
    deps.events.on(name, (payload) => {
      if (canSeeSite(user, siteOfRoot(rootOfEvent(name, payload)))) send(name, wire(name, payload));
    }),
  );
  return () => offs.forEach((off) => off());
}

/** Browsers send Origin on WebSocket upgrades: a page of another site may not read the stream. */
function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new ScError('SC_ERR_HTTP_FORBIDDEN', { action: 'open a live stream from another origin' });
  }
  if (host !== request.headers.host) throw new ScError('SC_ERR_HTTP_FORBIDDEN', { action: 'open a live stream from another origin' });
}

/** Live updates for the dashboard: server-sent events, or the same over a WebSocket. */
export function liveRoutes(deps: FleetAppDeps): FastifyPluginAsync {
  const heartbeatMs = deps.settings.liveHeartbeatMs ?? 25_000;
  return async (app) => {
    // Streams never end by themselves: closing the server ends them, or close() would wait forever.
    const open = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...open]) end();
    });

    app.get(
      '/live',
      {
        config: { permission: 'read' },
        schema: { tags: ['live'], summary: 'Server-sent events: room, device, session, event, health, gap, alert, command', response: { 401: ErrorReply } },
      },
      async (request, reply) => {
        const user = userOf(request);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
        res.write(`event: hello\ndata: ${JSON.stringify({ user: user.username })}\n\n`);
        const off = follow(deps, user, (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), heartbeatMs);
        const end = (): void => {
          off();
          clearInterval(heartbeat);
          open.delete(end);
          res.end();
        };
        open.add(end);
        request.raw.once('close', end);
      },
    );

    app.get(
      '/live/ws',
      {
        websocket: true,
        config: { permission: 'read' },
        preHandler: async (request) => checkOrigin(request),
        schema: { tags: ['live'], summary: 'The live events over a WebSocket: one JSON message {event, data} each', response: { 401: ErrorReply } },
      },
      (socket, request) => {
        const user = userOf(request);
        socket.send(JSON.stringify({ event: 'hello', data: { user: user.username } }));
        const off = follow(deps, user, (event, data) => {
          if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, data }));
        });
        const heartbeat = setInterval(() => socket.ping(), heartbeatMs);
        // The stream is one-way: anything the client sends is ignored.
        socket.on('message', () => undefined);
        const end = (): void => {
          off();
          clearInterval(heartbeat);
          open.delete(end);
          socket.close(1001, 'server stopping');
        };
        open.add(end);
        socket.once('close', end);
      },
    );
  };
}
