import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isScError } from '../../src/core/errors/index.js';
import { openChannel, parseTarget, type Channel } from '../../src/transports/index.js';
import { lineFramer, lineRequest, log, until } from './helpers.js';

function lineServer(port = 0): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  return new Promise((resolve) => {
    const sockets = new Set<Socket>();
    const server = createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
      let pending = '';
      s.on('data', (d) => {
        pending += d.toString('latin1');
        let cr: number;
        while ((cr = pending.indexOf('\r')) !== -1) {
          const line = pending.slice(0, cr);
          pending = pending.slice(cr + 1);
          // Replies split over two writes, with noise first: framing must cope.
          s.write(Buffer.from([0xfe, 0x00]));
          s.write(`OK:${line}`);
          setTimeout(() => s.write('\r'), 5);
        }
      });
    });
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr !== null ? addr.port : 0, sockets });
    });
  });
}

describe('StreamLink over TCP', () => {
  const servers: Server[] = [];
  const channels: Channel[] = [];
  afterEach(async () => {
    for (const c of channels.splice(0)) await c.close();
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  });

  it('requests, survives the device dropping the connection, and reconnects by itself', async () => {
    const srv = await lineServer();
    servers.push(srv.server);
    const ch = openChannel({ target: parseTarget(`tcp://127.0.0.1:${srv.port}`), device: 'tcp-device', log, framer: lineFramer, timeoutMs: 500, reconnect: { initialMs: 30, maxMs: 100 } });
    channels.push(ch);
    const downs: string[] = [];
    ch.link.events.on('down', ({ reason }) => void downs.push(reason));
    await ch.link.open();
    expect(await ch.queue.request(lineRequest('A'))).toBe('OK:A');
    for (const s of srv.sockets) s.destroy();
    await until(() => downs.length > 0, 3000, 'down event');
    await ch.link.whenUp(3000);
    expect(await ch.queue.request(lineRequest('B'))).toBe('OK:B');
  });

  it('reports a refused connection with host, port and reason, and comes up when the device does', async () => {
    const srv = await lineServer();
    const port = srv.port;
    await new Promise((r) => srv.server.close(r));
    const ch = openChannel({ target: parseTarget(`tcp://127.0.0.1:${port}`), device: 'tcp-device', log, framer: lineFramer, timeoutMs: 500, reconnect: { initialMs: 30, maxMs: 100 } });
    channels.push(ch);
    const err: unknown = await ch.link.open().catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_TCP_CONNECT')).toBe(true);
    expect(String(err)).toMatch(new RegExp(`127\\.0\\.0\\.1:${port}: connection refused`));
    const again = await lineServer(port);
    servers.push(again.server);
    await ch.link.whenUp(3000);
    expect(await ch.queue.request(lineRequest('C'))).toBe('OK:C');
  });

  it('fails fast with SC_ERR_LINK_DOWN while down, and whenUp names the reason', async () => {
    const srv = await lineServer();
    const port = srv.port;
    await new Promise((r) => srv.server.close(r));
    const ch = openChannel({ target: parseTarget(`tcp://127.0.0.1:${port}`), device: 'tcp-device', log, framer: lineFramer, timeoutMs: 500, reconnect: { initialMs: 1000, maxMs: 1000 } });
    channels.push(ch);
    await ch.link.open().catch(() => undefined);
    const err: unknown = await ch.queue.request(lineRequest('D')).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_LINK_DOWN')).toBe(true);
    expect(String(err)).toMatch(/tcp-device: link tcp:\/\/127\.0\.0\.1:\d+ is down \(Cannot connect/);
  });
});
