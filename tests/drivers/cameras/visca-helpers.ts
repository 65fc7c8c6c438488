import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { pino } from 'pino';

export const log = pino({ level: process.env.SC_TEST_LOG ?? 'silent' });

export const hex = (b: Buffer): string => b.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
export const bytes = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Collects what arrives and hands it out in order: `next()` waits for the next chunk. */
class Inbox {
  private readonly items: Buffer[] = [];
  private waiters: ((b: Buffer) => void)[] = [];
  readonly all: Buffer[] = [];

  push(b: Buffer): void {
    this.all.push(b);
    const w = this.waiters.shift();
    if (w !== undefined) w(b);
    else this.items.push(b);
  }

  next(what: string, timeoutMs = 5000): Promise<Buffer> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`nothing arrived while waiting for ${what}`));
      }, timeoutMs);
      const waiter = (b: Buffer): void => {
        clearTimeout(timer);
        resolve(b);
      };
      this.waiters.push(waiter);
    });
  }
}

/** A scripted camera on UDP: `expect` the exact next datagram, `reply` bytes to its sender. */
export class ScriptedUdpCamera {
  readonly inbox = new Inbox();
  private socket: UdpSocket | undefined;
  private peer: RemoteInfo | undefined;
  port = 0;

  async start(): Promise<this> {
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (msg, peer) => {
      this.peer = peer;
      this.inbox.push(msg);
    });
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    this.port = socket.address().port;
    return this;
  }

  async expect(want: string): Promise<void> {
    const got = await this.inbox.next(want);
    if (hex(got) !== hex(bytes(want))) throw new Error(`expected ${hex(bytes(want))}, got ${hex(got)}`);
  }

  reply(...datagrams: string[]): void {
    const peer = this.peer;
    if (peer === undefined || this.socket === undefined) throw new Error('no peer yet');
    for (const d of datagrams) this.socket.send(bytes(d), peer.port, peer.address);
  }

  async stop(): Promise<void> {
    const s = this.socket;
    this.socket = undefined;
    if (s !== undefined) await new Promise<void>((r) => s.close(() => r()));
  }
}

/** A scripted camera on TCP: one connection; `expect` bytes (however they were split), `reply` bytes. */
export class ScriptedTcpCamera {
  private server: Server | undefined;
  socket: Socket | undefined;
  private buf = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  port = 0;

  async start(): Promise<this> {
    const server = createServer((socket) => {
      this.socket = socket;
      socket.on('error', () => undefined);
      socket.on('data', (d: Buffer) => {
        this.buf = Buffer.concat([this.buf, d]);
        this.wake?.();
      });
    });
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const a = server.address();
    this.port = typeof a === 'object' && a !== null ? a.port : 0;
    return this;
  }

  async expect(want: string, timeoutMs = 5000): Promise<void> {
    const w = bytes(want);
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length < w.length) {
      if (Date.now() > deadline) throw new Error(`expected ${hex(w)}, got only ${hex(this.buf)}`);
      await new Promise<void>((r) => {
        this.wake = r;
        setTimeout(r, 50);
      });
    }
    const got = this.buf.subarray(0, w.length);
    this.buf = this.buf.subarray(w.length);
    if (hex(got) !== hex(w)) throw new Error(`expected ${hex(w)}, got ${hex(got)}`);
  }

  reply(s: string): void {
    this.socket?.write(bytes(s));
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise((r) => server.close(r));
  }
}
