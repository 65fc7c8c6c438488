import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { userOf } from '../guard.js';
import { seesFn } from './access.js';
import type { LiveMessageDto } from '../../../contract/dashboard.js';
import type { DashboardHub } from './live-hub.js';

/** A comment line this often keeps proxies and NAT from closing an idle stream. */
const KEEPALIVE_MS = 25_000;
/** A client this far behind (bytes queued in the socket) is dropped; it reloads on reconnect. */
const MAX_BUFFERED = 4 * 1024 * 1024;

/**
 * GET /live: the dashboard's one live connection, as server-sent events. Each message is one
 * `data:` line of JSON (a LiveMessageDto), only for rooms in the user's sites. Unlike the
 * general /api/live (every fleet event as it happens, full room JSON), room changes come
 * coalesced as small summaries, which is what keeps a dashboard over thousands of rooms cheap.
 */
export function liveRoute(hub: DashboardHub): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    const open = new Set<ServerResponse>();
    // Streams never go idle: end them before the server closes, or closing would wait for them.
    app.addHook('preClose', async () => {
      for (const raw of open) raw.end();
      open.clear();
    });
    app.get('/live', { config: { permission: 'read' }, schema: { tags: ['dashboard'], summary: 'Server-sent events for the dashboard: coalesced room summaries, alerts, events, health, commands' } }, async (request, reply) => {
      const user = userOf(request);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.socket?.setNoDelay(true);
      const write = (text: string) => {
        if (raw.writableLength > MAX_BUFFERED) {
          raw.destroy();
          return;
        }
        raw.write(text);
      };
      const send = (m: LiveMessageDto) => write(`data: ${JSON.stringify(m)}\n\n`);
      // The browser retries after 2 s when the stream drops.
      write('retry: 2000\n\n');
      send({ type: 'hello', at: Date.now() });
      const remove = hub.addClient({ sees: seesFn(user), send });
      const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
      open.add(raw);
      const done = () => {
        clearInterval(keepalive);
        remove();
        open.delete(raw);
      };
      raw.once('close', done);
      raw.once('error', done);
    });
  };
}
