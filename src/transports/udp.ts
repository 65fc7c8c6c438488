import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import { EventBus } from '../core/event-bus.js';
import { ScError, messageOf } from '../core/errors/index.js';
import { hex } from './framing.js';
import type { Target } from './target.js';

export interface UdpLinkOptions {
  target: Target;
  /** The device id, used in every error message. */
  device: string;
  log: Logger;
}

export interface UdpLinkEvents extends Record<string, unknown> {
  /** One datagram from the device (never from anyone else: the socket is connected). */
  message: Buffer;
  /** A socket error (e.g. ECONNREFUSED from an ICMP port-unreachable); the link stays usable. */
  error: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);


/**
 * A UDP socket talking to one host:port. It is connect()ed, so the kernel drops datagrams
 * from anyone else. UDP has no connection to lose, so there is no up/down or reconnect here:
 * losses show up as missing replies, which the protocol layer times out and retransmits.
 */
export class UdpLink {
  readonly events: EventBus<UdpLinkEvents>;
  private socket: Socket | undefined;
  private lastError: string | undefined;

  constructor(private readonly options: UdpLinkOptions) {
    this.events = new EventBus<UdpLinkEvents>(options.log);
  }

  get target(): string {
    return this.options.target.text;
  }

  /** The last socket error, for timeout messages ("ECONNREFUSED" says nothing listens there). */
  get error(): string | undefined {
    return this.lastError;
  }

  async open(): Promise<void> {
    const t = this.options.target;
    if (t.kind !== 'udp') throw new ScError('SC_ERR_TARGET_INVALID', { target: t.text, reason: 'a UDP link needs udp://host:port' });
    if (this.socket !== undefined) return;
    const family = isIP(t.host) === 6 ? 'udp6' : 'udp4';
    const socket = createSocket({ type: family });
    this.socket = socket;
    socket.on('message', (msg) => {
      this.options.log.trace({ rx: hex(msg) }, 'udp rx');
      this.events.emit('message', msg);
    });
    socket.on('error', (err) => {
      this.lastError = messageOf(err);
      this.options.log.debug({ err: this.lastError }, 'udp socket error');
      this.events.emit('error', this.lastError);
    });
    try {
      // A camera on the same machine is reached from loopback only; a camera on the LAN
      // needs the wildcard address so the kernel can pick the outgoing interface.
      const local = LOOPBACK.has(t.host) ? (family === 'udp6' ? '::1' : '127.0.0.1') : undefined;
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.bind({ port: 0, ...(local === undefined ? {} : { address: local }) }, () => {
          socket.off('error', reject);
          resolve();
        });
      });
      await new Promise<void>((resolve, reject) => {
        socket.connect(t.port, t.host, (err?: Error) => (err ? reject(err) : resolve()));
      });
    } catch (err) {
      await this.close();
      throw new ScError('SC_ERR_LINK_DOWN', { device: this.options.device, target: t.text, reason: `cannot open a UDP socket to ${t.host}:${t.port}: ${messageOf(err)}` }, { cause: err });
    }
  }

  async send(data: Buffer): Promise<void> {
    const socket = this.socket;
    if (socket === undefined) throw new ScError('SC_ERR_LINK_DOWN', { device: this.options.device, target: this.target, reason: 'the UDP socket is not open' });
    this.options.log.trace({ tx: hex(data) }, 'udp tx');
    await new Promise<void>((resolve, reject) => {
      socket.send(data, (err) => {
        if (err === null || err === undefined) resolve();
        else {
          this.lastError = messageOf(err);
          reject(new ScError('SC_ERR_LINK_DOWN', { device: this.options.device, target: this.target, reason: `send failed: ${this.lastError}` }, { cause: err }));
        }
      });
    });
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    this.events.clear();
    if (socket === undefined) return;
    socket.removeAllListeners('message');
    await new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        // Already closed (a failed bind closes the socket itself).
        resolve();
      }
    });
    socket.removeAllListeners();
  }
}
