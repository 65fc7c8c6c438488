import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { messageOf } from '../../../core/errors/index.js';
import { defaultFixturesDir } from './fixtures.js';
import { esc } from './xml.js';

/**
 * A WS-Discovery responder for the simulated camera: answers Probe messages by unicast with the
 * mockup's captured ProbeMatches. It listens only where it is told (127.0.0.1 in tests); it never
 * joins the multicast group.
 */
export class DiscoveryResponder {
  private socket: Socket | undefined;
  private readonly template: string;
  probes = 0;

  constructor(private readonly o: { host: string; port: number; xaddrs: () => string[]; log: Logger; fixturesDir?: string }) {
    this.template = readFileSync(join(o.fixturesDir ?? defaultFixturesDir(), 'mockup', 'Probe.xml'), 'utf8');
  }

  async start(): Promise<number> {
    const socket = createSocket('udp4');
    socket.on('message', (msg, rinfo) => {
      const text = msg.toString('utf8');
      if (!/<(?:\w+:)?Probe\b/.test(text)) return;
      const id = /<(?:\w+:)?MessageID[^>]*>([^<]+)</.exec(text)?.[1]?.trim();
      if (id === undefined) return;
      this.probes += 1;
      const reply = this.template.replace('RELATES_TO', esc(id)).replace('SERVICE_URI', esc(this.o.xaddrs().join(' ')));
      socket.send(reply, rinfo.port, rinfo.address, (err) => {
        if (err) this.o.log.warn({ err: messageOf(err) }, 'ProbeMatches not sent');
      });
    });
    socket.on('error', (err) => this.o.log.warn({ err: messageOf(err) }, 'discovery responder socket error'));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.o.port, this.o.host, () => resolve());
    });
    this.socket = socket;
    return socket.address().port;
  }

  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s !== undefined) await new Promise<void>((r) => s.close(() => r()));
  }
}
