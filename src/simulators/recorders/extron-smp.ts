import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { makePtyPair } from '../shared/pty-pair.js';
import { SMP_SIM_DEFAULTS, SmpSession, SmpUnit, type SmpSimOptions } from './smp-unit.js';

export { SmpUnit, SmpSession, SMP_SIM_DEFAULTS, type SmpSimOptions } from './smp-unit.js';

/** The unit on Telnet: one SIS session per connection, as the real one serves several. */
export class SmpTcpServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  readonly sessions: SmpSession[] = [];
  private bound = 0;

  constructor(
    readonly unit: SmpUnit,
    private readonly host: string,
    private readonly port: number,
  ) {}

  get boundPort(): number {
    return this.bound;
  }

  async start(): Promise<void> {
    const server = createServer((socket) => {
      socket.setNoDelay(true);
      this.sockets.add(socket);
      const session = new SmpSession(this.unit, (b) => void socket.write(b), 'telnet');
      this.sessions.push(session);
      socket.on('data', (d: Buffer) => session.receive(d));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        session.end();
      });
      session.start();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.bound || this.port, this.host, () => resolve());
    });
    const a = server.address();
    this.bound = typeof a === 'object' && a !== null ? a.port : this.port;
    this.server = server;
  }

  /** The network drops: every connection is cut and nothing listens until `start()` again. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((r) => server.close(() => r()));
  }
}

/** The unit on RS-232: serves the device end of a serial port (a PTY pair in tests). */
export class SmpSerialPort {
  private port: SerialPort | undefined;
  session: SmpSession | undefined;

  constructor(
    readonly unit: SmpUnit,
    readonly path: string,
  ) {}

  async start(): Promise<void> {
    const port = new SerialPort({ path: this.path, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    port.on('error', () => undefined);
    const session = new SmpSession(this.unit, (b) => void port.write(b), 'serial');
    port.on('data', (d: Buffer) => session.receive(d));
    port.on('close', () => session.end());
    this.port = port;
    this.session = session;
    session.start();
  }

  async stop(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    this.session?.end();
    if (port?.isOpen === true) await new Promise<void>((r) => port.close(() => r()));
  }
}

/** A socat PTY pair for `classroom simulate --pty`: the driver opens `driverEnd`. */
export async function smpPty(unit: SmpUnit): Promise<{ driverEnd: string; stop(): Promise<void> }> {
  const pair = await makePtyPair('smp', 'smp');
  const serial = new SmpSerialPort(unit, pair.deviceEnd);
  await serial.start();
  return {
    driverEnd: pair.driverEnd,
    stop: async () => {
      await serial.stop();
      await pair.stop();
    },
  };
}

export function smpOptions(settings: Readonly<Record<string, string>>): SmpSimOptions {
  const n = (k: string, d: number): number => (settings[k] === undefined || !Number.isFinite(Number(settings[k])) ? d : Number(settings[k]));
  return {
    password: settings.password ?? SMP_SIM_DEFAULTS.password,
    serialLogin: settings.serialLogin === 'true' || settings.serialLogin === '1',
    freeKb: n('freeKb', SMP_SIM_DEFAULTS.freeKb),
    kbPerSecond: n('kbPerSecond', SMP_SIM_DEFAULTS.kbPerSecond),
    model: settings.model ?? SMP_SIM_DEFAULTS.model,
    firmware: settings.firmware ?? SMP_SIM_DEFAULTS.firmware,
  };
}
