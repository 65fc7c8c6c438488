import { HttpClient } from '../../transports/http/index.js';
import { fail, ok, skip, warn, type Check } from './types.js';

const BACKLOG_WARN = 1000;

interface Health {
  ok?: boolean;
  version?: string;
  devices?: { online?: number; offline?: number };
  uplink?: { connected?: boolean; outboxDepth?: number; outboxDropped?: number; error?: { code: string; message: string } };
}

/** Asks the running agent (its local API) for what only it knows: the outbox depth and the link. */
export const runningAgent: Check = {
  id: 'agent',
  title: 'Agent running, outbox depth',
  async run(ctx) {
    const http = ctx.config?.value.http;
    if (ctx.config === undefined) return skip('needs a valid config');
    const host = http?.host === undefined || http.host === '0.0.0.0' || http.host === '::' ? '127.0.0.1' : http.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${http?.port ?? 8080}/api/health`;
    let health: Health;
    try {
      const res = await new HttpClient({ device: 'the agent', timeoutMs: ctx.timeoutMs, maxBytes: 256 * 1024 }).request({ url: new URL(url), command: 'GET /api/health' });
      health = JSON.parse(res.text()) as Health;
    } catch {
      return warn(`the agent does not answer on ${url}`, 'Start it: systemctl start smart-classroom-agent; if it does not stay up, read journalctl -u smart-classroom-agent -n 50.');
    }
    const uplink = health.uplink;
    const base = `agent ${health.version ?? '?'} answers; ${health.devices?.online ?? 0} device(s) online, ${health.devices?.offline ?? 0} offline`;
    if (uplink === undefined) return ok(`${base}; no uplink configured`);
    const depth = uplink.outboxDepth ?? 0;
    const text = `${base}; uplink ${uplink.connected === true ? 'connected' : 'disconnected'}, ${depth} message(s) waiting in the outbox`;
    if ((uplink.outboxDropped ?? 0) > 0) {
      return fail(`${text}, ${uplink.outboxDropped ?? 0} dropped because the outbox was full`, 'Free disk space or raise uplink.outboxMaxBytes; restore the link so the backlog drains.');
    }
    if (depth > BACKLOG_WARN && uplink.connected !== true) {
      return warn(text, 'The link is down and events are queued safely; they are sent when it returns. Check the internet link if this lasts.');
    }
    return ok(text);
  },
};
