import { createServer, type Server, type Socket } from 'node:net';

/**
 * Samsung MDC and Philips SICP displays on TCP as the protocol notes describe them
 * (shared/protocols/displays.md §1 and §4), written for the tests without the driver's or the
 * simulators' code: each answers the status queries and the health facts its protocol
 * documents (vgavro/samsung-mdc commands.py for MDC; rgon/philips_sicp_py_ha messages.py for SICP).
 */
abstract class BytePartner {
  /** Command bytes received, in order. */
  readonly commands: number[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  get target(): string {
    return `tcp://127.0.0.1:${String(this.port)}`;
  }

  async start(): Promise<this> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      let buf = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buf = Buffer.concat([buf, chunk]);
        for (let n = this.frameLength(buf); n !== undefined && buf.length >= n; n = this.frameLength(buf)) {
          const reply = this.answer(buf.subarray(0, n));
          buf = buf.subarray(n);
          if (reply !== undefined) socket.write(reply);
        }
      });
    });
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

  protected abstract frameLength(buf: Buffer): number | undefined;
  protected abstract answer(frame: Buffer): Buffer | undefined;
}

const ascii = (text: string): number[] => [...Buffer.from(text, 'latin1')];

/** MDC: `AA cmd id len data cs`, cs = sum after AA; reply `AA FF id len 'A'|'N' cmd data cs`. */
export class MdcPartner extends BytePartner {
  constructor(private readonly id = 1) {
    super();
  }

  protected frameLength(buf: Buffer): number | undefined {
    return buf.length < 4 ? undefined : (buf[3] ?? 0) + 5;
  }

  private reply(ack: boolean, cmd: number, data: number[]): Buffer {
    const body = [0xff, this.id, data.length + 2, ack ? 0x41 : 0x4e, cmd, ...data];
    return Buffer.from([0xaa, ...body, body.reduce((a, b) => a + b, 0) & 0xff]);
  }

  protected answer(frame: Buffer): Buffer | undefined {
    const cmd = frame[1] ?? 0;
    this.commands.push(cmd);
    if (frame[2] !== this.id) return undefined;
    if (cmd === 0x00) return this.reply(true, cmd, [1, 25, 0, 0x21, 0x10, 0, 0]);
    if (cmd === 0x0b) return this.reply(true, cmd, [...ascii('0FSH3CNM800123'), 0, 0]);
    if (cmd === 0x0e) return this.reply(true, cmd, ascii('T-KTM2ELAKUC-2190.5'));
    if (cmd === 0x8a) return this.reply(true, cmd, ascii('QB65R'));
    // lamp, temperature, brightness sensor, input source errors, temperature 43 C, fan
    if (cmd === 0x0d) return this.reply(true, cmd, [0, 0, 2, 0, 43, 2]);
    return this.reply(false, cmd, [0x01]);
  }
}

/** SICP: `size monitor group cmd data xor`; ACK `cmd 00 data 06`, NAV `18`; gets answer with the same cmd. */
export class SicpPartner extends BytePartner {
  constructor(private readonly monitor = 1) {
    super();
  }

  protected frameLength(buf: Buffer): number | undefined {
    return buf.length < 1 ? undefined : buf[0];
  }

  private frame(cmd: number, data: number[]): Buffer {
    const body = [data.length + 5, this.monitor, 0, cmd, ...data];
    return Buffer.from([...body, body.reduce((a, b) => a ^ b, 0)]);
  }

  protected answer(frame: Buffer): Buffer | undefined {
    const cmd = frame[3] ?? 0;
    const data = [...frame.subarray(4, frame.length - 1)];
    this.commands.push(cmd);
    if (cmd === 0x19) return this.frame(cmd, [0x02]);
    if (cmd === 0xad) return this.frame(cmd, [0x0d, 0, 1, 0]);
    if (cmd === 0x45) return this.frame(cmd, [30, 30]);
    if (cmd === 0x46) return this.frame(cmd, [0]);
    if (cmd === 0x15) return this.frame(cmd, ascii('AU01234567890A'));
    if (cmd === 0xa1 && data[0] === 0x00) return this.frame(cmd, ascii('65BDL4550D'));
    if (cmd === 0xa1 && data[0] === 0x01) return this.frame(cmd, ascii('FB02.105'));
    // two sensors, the second absent (0xFF)
    if (cmd === 0x2f) return this.frame(cmd, [37, 0xff]);
    return this.frame(0x00, [0x18]);
  }
}

const h2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** LG `ka 01 01` CR; reply `a 01 OK01x` (only the second command letter), `NG` for refusals; data FF = query. */
export class LgPartner extends BytePartner {
  readonly values = new Map<string, number>([
    ['ka', 0],
    ['xb', 0x90],
    ['kf', 10],
    ['ke', 1],
  ]);

  protected frameLength(buf: Buffer): number | undefined {
    const cr = buf.indexOf(0x0d);
    return cr === -1 ? undefined : cr + 1;
  }

  protected answer(frame: Buffer): Buffer | undefined {
    const m = /^([a-z]{2}) ([0-9A-Fa-f]{2}) ([0-9A-Fa-f]{2})\r$/.exec(frame.toString('latin1'));
    if (m === null) return undefined;
    const [, cmd = '', id = '', data = ''] = m;
    this.commands.push(cmd.charCodeAt(0) * 256 + cmd.charCodeAt(1));
    const value = parseInt(data, 16);
    const known = this.values.get(cmd);
    if (known === undefined || (cmd !== 'ka' && this.values.get('ka') !== 1)) return Buffer.from(`${cmd[1] ?? ''} ${id} NG00x`, 'latin1');
    if (value !== 0xff) this.values.set(cmd, value);
    return Buffer.from(`${cmd[1] ?? ''} ${id} OK${h2(this.values.get(cmd) ?? 0)}x`, 'latin1');
  }
}

/** Newline / HHT: `7F 08 99 A2 B3 C4 02 FF 01 XX CF`; reply `7F 09 .. 01 XX VV CF` (displays.md §5.1). */
export class NewlinePartner extends BytePartner {
  on = true;
  volume = 20;
  muted = false;
  /** What the source query answers (1F = HDMI rear 1). */
  source = 0x1f;

  protected frameLength(buf: Buffer): number | undefined {
    const start = buf.indexOf(0x7f);
    if (start > 0) return start;
    return buf.length >= 11 ? 11 : undefined;
  }

  protected answer(frame: Buffer): Buffer | undefined {
    if (frame.length !== 11 || frame[0] !== 0x7f || frame[1] !== 0x08 || frame[10] !== 0xcf) return undefined;
    const code = frame[9] ?? 0;
    this.commands.push(code);
    // In standby only the MCU listens: power on works, queries get no answer.
    if (!this.on && code !== 0x00) return undefined;
    const select: Record<number, number> = { 0x52: 0x1f, 0x53: 0x1e, 0x54: 0x18, 0x55: 0x17, 0x0a: 0x19, 0x56: 0x20 };
    let value = 0x01;
    if (code === 0x00) this.on = true;
    else if (code === 0x01) this.on = false;
    else if (code === 0x02) this.muted = !this.muted;
    else if (code === 0x17) this.volume = Math.max(0, this.volume - 1);
    else if (code === 0x18) this.volume = Math.min(100, this.volume + 1);
    else if (code === 0x33) value = this.volume;
    else if (code === 0x50) value = this.source;
    else if (code === 0x82) value = this.muted ? 1 : 0;
    else if (select[code] !== undefined) this.source = select[code] ?? this.source;
    else return undefined;
    return Buffer.from([0x7f, 0x09, 0x99, 0xa2, 0xb3, 0xc4, 0x02, 0xff, 0x01, code, value, 0xcf]);
  }
}

/** MAXHUB IFP V6 (displays.md §5.2): 9-byte frames `3A id id 53 type d d d 0D`; the panel answers nothing. */
export class MaxhubPartner extends BytePartner {
  power: 'on' | 'off' | 'unknown' = 'unknown';
  volume: number | undefined;
  muted: boolean | undefined;

  protected frameLength(buf: Buffer): number | undefined {
    const start = buf.indexOf(0x3a);
    if (start > 0) return start;
    return buf.length >= 9 ? 9 : undefined;
  }

  protected answer(frame: Buffer): Buffer | undefined {
    const text = frame.toString('latin1');
    const m = /^:01S(.)(\d{3})\r$/.exec(text);
    if (m === null) return undefined;
    const [, type = '', digits = ''] = m;
    this.commands.push(type.charCodeAt(0));
    if (type === '0' && digits === '003') this.power = 'on';
    else if (type === '0' && digits === '002') this.power = 'off';
    else if (type === '8') this.volume = Number(digits);
    else if (type === '9') this.muted = digits === '001';
    return undefined;
  }
}
