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
