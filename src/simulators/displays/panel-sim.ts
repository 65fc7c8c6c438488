import { realpathSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from 'pino';
import { ScError, messageOf } from '../../core/errors/index.js';
import { makePtyPair, openDevicePort } from '../shared/pty-pair.js';
import type { RunningSimulator, SimulatorOptions } from '../registry.js';
import { SimFramer, boolSetting, noiseBytes, numberSetting, type PanelSimProtocol, type PanelSimState, type SimContext, type SimSwitches } from './sim-core.js';

/** A simulated panel: protocol state plus the switches tests and trainers flip. */
export class PanelEngine {
  readonly state: PanelSimState;
  readonly switches: SimSwitches;
  private readonly ctx: SimContext;

  constructor(
    readonly protocol: PanelSimProtocol,
    readonly settings: Readonly<Record<string, string>>,
    log: Logger,
  ) {
    this.state = {
      // A panel in a classroom starts in standby unless told otherwise (--set power=on).
      power: boolSetting(settings, 'power'),
      input: protocol.initialInput,
      volume: numberSetting(settings, 'volume', 20),
      muted: boolSetting(settings, 'muted'),
      warmUntil: 0,
    };
    this.switches = {
      noise: boolSetting(settings, 'noise'),
      dropRate: numberSetting(settings, 'dropRate', 0),
      dropNext: 0,
      disappeared: boolSetting(settings, 'disappear'),
      warmupMs: numberSetting(settings, 'warmupMs', 0),
    };
    this.ctx = { state: this.state, switches: this.switches, settings, log, now: () => Date.now() };
  }

  /** The bytes to send back for one request frame (with noise), or undefined. */
  answer(frame: Buffer): Buffer | undefined {
    if (this.switches.disappeared) return undefined;
    let reply: Buffer | undefined;
    try {
      reply = this.protocol.handle(frame, this.ctx);
    } catch (err) {
      this.ctx.log.warn({ err: messageOf(err) }, 'simulator could not handle a frame');
      return undefined;
    }
    if (reply === undefined) return undefined;
    if (this.switches.dropNext > 0) {
      this.switches.dropNext -= 1;
      return undefined;
    }
    if (this.switches.dropRate > 0 && Math.random() < this.switches.dropRate) return undefined;
    return this.switches.noise ? Buffer.concat([noiseBytes(), reply]) : reply;
  }
}

interface Endpoint {
  target: string;
  stop(): Promise<void>;
}

function serve(engine: PanelEngine, onData: (listener: (chunk: Buffer) => void) => void, write: (b: Buffer) => void): void {
  const framer = new SimFramer(engine.protocol);
  onData((chunk) => {
    for (const frame of framer.push(chunk)) {
      const reply = engine.answer(frame);
      if (reply !== undefined) write(reply);
    }
  });
}

async function listenTcp(engine: PanelEngine, host: string, port: number): Promise<Endpoint> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    serve(engine, (l) => socket.on('data', l), (b) => socket.write(b));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new ScError('SC_ERR_USAGE', { detail: `cannot listen on ${host}:${port}: ${err.message}` })));
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
  return {
    target: `tcp://${host}:${bound}`,
    stop: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Serves on an existing serial device (the device end of a PTY pair made elsewhere). */
async function attachSerial(engine: PanelEngine, path: string): Promise<Endpoint> {
  const port = await openDevicePort(path);
  serve(engine, (l) => port.on('data', l), (b) => port.write(b));
  return { target: `serial:${path}`, stop: () => new Promise((r) => (port.isOpen ? port.close(() => r()) : r())) };
}

/** Makes a PTY pair with socat: the driver opens `panel`, the simulator serves `device`. */
async function listenPty(engine: PanelEngine): Promise<Endpoint> {
  const pair = await makePtyPair('panel', 'panel');
  const inner = await attachSerial(engine, pair.deviceEnd).catch(async (err: unknown) => {
    await pair.stop();
    throw err;
  });
  return {
    target: `serial:${pair.driverEnd}`,
    stop: async () => {
      await inner.stop();
      await pair.stop();
    },
  };
}

export interface RunningPanel extends RunningSimulator {
  engine: PanelEngine;
}

/** Starts one simulated panel on TCP, a new PTY pair, or an existing serial device (`--set attach=/dev/pts/N`). */
export async function startPanel(protocol: PanelSimProtocol, options: SimulatorOptions): Promise<RunningPanel> {
  const engine = new PanelEngine(protocol, options.settings, options.log);
  const endpoints: Endpoint[] = [];
  try {
    const attach = options.settings.attach;
    if (attach !== undefined) endpoints.push(await attachSerial(engine, attach));
    if (options.pty === true) endpoints.push(await listenPty(engine));
    if (options.tcpPort !== undefined || options.port !== undefined || endpoints.length === 0) {
      endpoints.push(await listenTcp(engine, options.host, options.tcpPort ?? options.port ?? 0));
    }
  } catch (err) {
    for (const e of endpoints) await e.stop();
    throw err;
  }
  return {
    engine,
    targets: endpoints.map((e) => e.target),
    describe: () => [
      ...protocol.describe(options.settings),
      `state: power ${engine.state.power ? 'on' : 'off'}, volume ${engine.state.volume}, muted ${String(engine.state.muted)}`,
      `switches: warmupMs=${engine.switches.warmupMs} noise=${String(engine.switches.noise)} dropRate=${engine.switches.dropRate} disappear=${String(engine.switches.disappeared)}`,
      ...(endpoints.some((e) => e.target.startsWith('serial:')) ? [`real device end: ${realDevice(endpoints)}`] : []),
    ],
    stop: async () => {
      for (const e of endpoints) await e.stop();
    },
  };
}

function realDevice(endpoints: Endpoint[]): string {
  const serial = endpoints.find((e) => e.target.startsWith('serial:'));
  if (serial === undefined) return '';
  try {
    return realpathSync(serial.target.slice('serial:'.length));
  } catch {
    return '';
  }
}
