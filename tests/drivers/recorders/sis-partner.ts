import { createServer, type Server, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';

/**
 * An Extron SMP 351 over Telnet as the protocol notes describe it (shared/protocols/recorders.md
 * §1), written for the tests without any of the driver's or the simulator's code: commands end
 * with CR, replies with CR LF, verbose mode 3 tags replies (`RcdrY1`, `Inf35*...`). The `I`
 * reply is whatever the test gives: the captured lines of real units (tests/fixtures/extron-sis).
 */
export interface SisCaptures {
  forms: { name: string; source: string; line: string; expect: Record<string, string | number> }[];
  otherLines: { lines: string[] };
  unknown: string[];
}

export function loadSisCaptures(): SisCaptures {
  return JSON.parse(readFileSync(new URL('../../fixtures/extron-sis/i-replies.json', import.meta.url), 'utf8')) as SisCaptures;
}

export type SisState = 'stopped' | 'recording' | 'paused';
const CODE: Record<SisState, string> = { stopped: '0', recording: '1', paused: '2' };
const BY_CODE: Record<string, SisState> = { '0': 'stopped', '1': 'recording', '2': 'paused' };

export interface SisPartnerOptions {
  /** The `I` reply for the recorder's state (the line, with its line end). */
  overall: (state: SisState) => string;
  /** Lines sent before the `RcdrY1` of a start, as units count down (`RecStart05` ...). */
  beforeStart?: string[];
}

const two = (n: number): string => String(n).padStart(2, '0');
const hms = (s: number): string => `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;

export class SisPartner {
  state: SisState = 'stopped';
  /** Every command line received, without its CR. */
  readonly received: string[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly options: SisPartnerOptions) {}

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
    socket.write('(c) Copyright 2024, Extron Electronics, SMP 351, V3.02, 60-1324-01\r\n');
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      for (let cr = pending.indexOf('\r'); cr !== -1; cr = pending.indexOf('\r')) {
        const line = pending.slice(0, cr).replace(/^\n/, '');
        pending = pending.slice(cr + 1);
        this.received.push(line);
        socket.write(this.answer(line));
      }
    });
  }

  private answer(line: string): string {
    const esc = '\x1b';
    if (line === `${esc}3CV`) return 'Vrb3\r\n';
    if (line.toUpperCase() === `${esc}YRCDR`) return `RcdrY${CODE[this.state]}\r\n`;
    const record = new RegExp(`^${esc}Y([012])RCDR$`, 'i').exec(line);
    if (record !== null) {
      const next = BY_CODE[record[1] ?? '0'] ?? 'stopped';
      if (next === 'paused' && this.state !== 'recording') return 'E14\r\n';
      const before = next === 'recording' && this.state !== 'recording' ? (this.options.beforeStart ?? []).join('') : '';
      this.state = next;
      return `${before}RcdrY${CODE[next]}\r\n`;
    }
    if (line === '35I') return `Inf35*${hms(this.state === 'stopped' ? 0 : 6)}\r\n`;
    if (line === '36I') return `Inf36*${hms(2_968_020)}\r\n`;
    if (line.toUpperCase() === 'I') return this.options.overall(this.state);
    if (line === '2I') return 'Inf02*SMP 351\r\n';
    if (line.toUpperCase() === `${esc}BRCDR`) return 'RcdrB\r\n';
    const meta = new RegExp(`^${esc}M(\\d+)\\*(.*)RCDR$`, 'i').exec(line);
    if (meta !== null) return this.state === 'stopped' ? `RcdrM${meta[1] ?? ''}*${meta[2] ?? ''}\r\n` : 'E14\r\n';
    return 'E10\r\n';
  }
}
