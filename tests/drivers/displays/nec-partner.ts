import { createServer, type Server, type Socket } from 'node:net';

/**
 * A Sharp NEC LCD on TCP 7142 as the protocol notes describe it (shared/protocols/displays.md
 * §3, NEC external control manual), written for the tests without the driver's or the
 * simulator's code. Like the manual's panels it wants more than 600 ms between packets: a
 * packet that arrives sooner after its last reply is dropped unanswered (and counted).
 * Health facts follow the NEC PD SDK (NECDisplaySolutions/necpdsdk): serial C216/C316 and
 * model C217/C317 (ASCII as hex pairs), firmware CA02/CB02 (plain ASCII), total operating
 * time op-code 00FA (half hours), temperature sensor select 0278 / read 0279 (half degrees).
 */
const SOH = 0x01;
const STX = 0x02;
const ETX = 0x03;
const CR = 0x0d;

export interface NecMessage {
  type: string;
  text: string;
}

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
const asciiHex = (text: string): string => [...Buffer.from(text, 'latin1')].map(hex2).join('');

export class NecPartner {
  power: 1 | 4 = 4;
  readonly params = new Map<number, number>([
    [0x0060, 0x11],
    [0x0062, 20],
    [0x008d, 2],
    [0x00fa, 2 * 1234],
    [0x0278, 1],
    [0x0279, 2 * 38],
  ]);
  serial = '4Y123456AB';
  model = 'P495';
  firmware = 'R1.503';
  /** Packets answered, in order. */
  readonly messages: NecMessage[] = [];
  /** Packets that came less than `gapMs` after the previous reply (dropped). */
  tooSoon = 0;
  private lastReply = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly gapMs = 600) {}

  get target(): string {
    return `tcp://127.0.0.1:${String(this.port)}`;
  }

  async start(): Promise<this> {
    const server = createServer((socket) => this.session(socket));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }

  private session(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (let end = buf.indexOf(CR); end !== -1; end = buf.indexOf(CR)) {
        const packet = buf.subarray(0, end + 1);
        buf = buf.subarray(end + 1);
        this.packet(socket, packet);
      }
    });
  }

  private packet(socket: Socket, packet: Buffer): void {
    if (this.lastReply > 0 && Date.now() - this.lastReply < this.gapMs) {
      this.tooSoon += 1;
      return;
    }
    const start = packet.indexOf(SOH);
    if (start === -1) return;
    const p = packet.subarray(start);
    // SOH '0' dest src type len(2) STX text ETX BCC CR; BCC = XOR from the byte after SOH to ETX.
    const len = parseInt(p.subarray(5, 7).toString('latin1'), 16);
    let bcc = 0;
    for (let i = 1; i < 7 + len; i++) bcc ^= p[i] ?? 0;
    if (p[7] !== STX || p[6 + len] !== ETX || bcc !== p[7 + len]) return;
    const dest = p[2] ?? 0;
    const type = String.fromCharCode(p[4] ?? 0);
    const text = p.subarray(8, 6 + len).toString('latin1');
    this.messages.push({ type, text });
    const reply = this.answer(type, text);
    if (reply === undefined) return;
    socket.write(this.frame(dest, reply.type, reply.text));
    this.lastReply = Date.now();
  }

  private frame(monitor: number, type: string, text: string): Buffer {
    const len = hex2(text.length + 2);
    // A reply swaps destination and source: to the controller '0', from the monitor.
    const body = Buffer.from([0x30, 0x30, monitor, type.charCodeAt(0), len.charCodeAt(0), len.charCodeAt(1), STX, ...Buffer.from(text, 'latin1'), ETX]);
    let bcc = 0;
    for (const b of body) bcc ^= b;
    return Buffer.concat([Buffer.from([SOH]), body, Buffer.from([bcc, CR])]);
  }

  private param(result: string, op: number): string {
    return `${result}${hex4(op)}00${hex4(0xffff)}${hex4(this.params.get(op) ?? 0)}`;
  }

  private answer(type: string, text: string): NecMessage | undefined {
    if (type === 'A') {
      if (text === '01D6') return { type: 'B', text: `0200D6000004000${String(this.power)}` };
      const power = /^C203D6000([14])$/.exec(text);
      if (power !== null) {
        this.power = power[1] === '1' ? 1 : 4;
        return { type: 'B', text: `00C203D6000${String(this.power)}` };
      }
      if (text === 'C216') return { type: 'B', text: `C316${asciiHex(this.serial)}` };
      if (text === 'C217') return { type: 'B', text: `C317${asciiHex(this.model)}` };
      if (text === 'CA0200') return { type: 'B', text: `CB020000${this.firmware}` };
      return undefined;
    }
    const op = parseInt(text.slice(0, 4), 16);
    if (type === 'C') return { type: 'D', text: this.params.has(op) ? this.param('00', op) : `01${hex4(op)}` };
    if (type === 'E') {
      if (!this.params.has(op)) return { type: 'F', text: `01${hex4(op)}` };
      this.params.set(op, parseInt(text.slice(4, 8), 16));
      return { type: 'F', text: this.param('00', op) };
    }
    return undefined;
  }
}
