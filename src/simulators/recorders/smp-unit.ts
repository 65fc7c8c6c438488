import type { Logger } from 'pino';

/**
 * A simulated Extron SMP 351: the recorder itself (state, disk, metadata) and one SIS session
 * per connection (Telnet negotiation, banner, password, verbose mode, commands, E## errors).
 * Byte-level behaviour follows recorders.md §1; what the notes leave open (which E code a
 * refused pause or a late metadata change gets) is marked where it is chosen.
 */
export interface SmpSimOptions {
  /** Empty: no password prompt. */
  password: string;
  /** Banner and password on the serial port too (the real unit asks only on Telnet). */
  serialLogin: boolean;
  freeKb: number;
  kbPerSecond: number;
  model: string;
  firmware: string;
  log?: Logger;
}

export const SMP_SIM_DEFAULTS: SmpSimOptions = {
  password: '',
  serialLogin: false,
  freeKb: 64_000_000,
  kbPerSecond: 1000,
  model: 'SMP 351',
  firmware: '3.02',
};

export function hms(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}

export class SmpUnit {
  state: 0 | 1 | 2 = 0;
  freeKb: number;
  readonly metadata = new Map<number, string>();
  chapters = 0;
  readonly sessions = new Set<SmpSession>();
  private banked = 0;
  private runningSince: number | undefined;
  private lastTick = Date.now();

  constructor(readonly options: SmpSimOptions) {
    this.freeKb = options.freeKb;
  }

  elapsed(): number {
    return this.banked + (this.runningSince === undefined ? 0 : (Date.now() - this.runningSince) / 1000);
  }

  remaining(): number {
    return this.options.kbPerSecond > 0 ? this.freeKb / this.options.kbPerSecond : 0;
  }

  tick(): void {
    const now = Date.now();
    if (this.state === 1) this.freeKb = Math.max(0, this.freeKb - ((now - this.lastTick) / 1000) * this.options.kbPerSecond);
    this.lastTick = now;
    if (this.state === 1 && this.freeKb === 0) this.stopBySelf();
  }

  set(next: 0 | 1 | 2): void {
    this.tick();
    if (next === 1 && this.state !== 1) {
      if (this.state === 0) this.banked = 0;
      this.runningSince = Date.now();
    } else if (next === 2 && this.state === 1) {
      this.banked = this.elapsed();
      this.runningSince = undefined;
    } else if (next === 0) {
      this.banked = 0;
      this.runningSince = undefined;
    }
    this.state = next;
  }

  /** Disk full, signal lost, or the front-panel button: verbose sessions hear `RcdrY0`. */
  stopBySelf(): void {
    this.banked = 0;
    this.runningSince = undefined;
    this.state = 0;
    for (const s of this.sessions) s.unsolicited('RcdrY0');
  }
}

const IAC = 0xff;

export class SmpSession {
  private buf = '';
  private mode: 'password' | 'ready' = 'ready';
  private verbose = 0;
  /** Telnet answers the client sent (tests check the refusals). */
  readonly telnetReplies: Buffer[] = [];
  badPasswords = 0;

  constructor(
    private readonly unit: SmpUnit,
    private readonly send: (bytes: Buffer) => void,
    private readonly kind: 'telnet' | 'serial',
  ) {}

  start(): void {
    this.unit.sessions.add(this);
    if (this.kind === 'telnet') this.send(Buffer.from([IAC, 0xfb, 0x01, IAC, 0xfd, 0x1f])); // WILL ECHO, DO NAWS
    if (this.kind === 'telnet' || this.unit.options.serialLogin) {
      this.text(`(c) Copyright 2024, Extron Electronics, ${this.unit.options.model}, V${this.unit.options.firmware}, 60-1324-01\r\n${new Date().toUTCString()}\r\n`);
      if (this.unit.options.password !== '') {
        this.mode = 'password';
        this.text('\r\nPassword:');
      }
    }
  }

  end(): void {
    this.unit.sessions.delete(this);
  }

  unsolicited(line: string): void {
    if (this.mode === 'ready' && this.verbose >= 2) this.text(`${line}\r\n`);
  }

  private text(t: string): void {
    this.send(Buffer.from(t, 'latin1'));
  }

  receive(chunk: Buffer): void {
    // Telnet option answers are cut out of the stream (3 bytes each).
    let data = chunk;
    for (let i = data.indexOf(IAC); i !== -1; i = data.indexOf(IAC)) {
      this.telnetReplies.push(Buffer.from(data.subarray(i, i + 3)));
      data = Buffer.concat([data.subarray(0, i), data.subarray(i + 3)]);
    }
    this.buf += data.toString('latin1');
    for (let cr = this.buf.search(/[\r\n]/); cr !== -1; cr = this.buf.search(/[\r\n]/)) {
      const line = this.buf.slice(0, cr);
      this.buf = this.buf.slice(cr + 1);
      if (line === '' && this.mode === 'ready') continue;
      this.line(line);
    }
    if (this.buf.length > 1024) this.buf = '';
  }

  private line(line: string): void {
    if (this.mode === 'password') {
      if (line === this.unit.options.password) {
        this.mode = 'ready';
        this.text('\r\nLogin Administrator\r\n');
      } else if (line !== '') {
        this.badPasswords++;
        this.text('\r\nPassword:');
      }
      return;
    }
    this.unit.tick();
    this.text(`${this.command(line)}\r\n`);
  }

  private command(cmd: string): string {
    const u = this.unit;
    const v = this.verbose >= 2;
    // Escape commands are matched on the text after the Esc byte.
    const esc = cmd.startsWith(String.fromCharCode(0x1b)) ? cmd.slice(1) : undefined;
    const escMatch = (re: RegExp): RegExpExecArray | null => (esc === undefined ? null : re.exec(esc));
    let m: RegExpExecArray | null;
    if ((m = escMatch(/^(\d)CV$/)) !== null) {
      this.verbose = Number(m[1]);
      return `Vrb${m[1] ?? ''}`;
    }
    if ((m = escMatch(/^Y(\d?)RCDR$/i)) !== null) {
      const n = m[1] ?? '';
      if (n === '') return v ? `RcdrY${String(u.state)}` : String(u.state);
      if (n !== '0' && n !== '1' && n !== '2') return 'E13';
      // Chosen here, unverified: pausing a stopped recorder or starting on a full disk is E14.
      if ((n === '2' && u.state === 0) || (n === '1' && u.freeKb === 0)) return 'E14';
      u.set(Number(n) as 0 | 1 | 2);
      return `RcdrY${n}`;
    }
    if (escMatch(/^BRCDR$/i) !== null) {
      if (u.state !== 1) return 'E14';
      u.chapters++;
      return 'RcdrB';
    }
    if ((m = escMatch(/^E(\d{1,2})RCDR$/i)) !== null) return `RcdrE${m[1] ?? ''}`;
    if ((m = escMatch(/^M(\d+)\*(.*)RCDR$/i)) !== null) {
      if (u.state !== 0) return 'E14'; // metadata is locked once recording (E code unverified)
      u.metadata.set(Number(m[1]), m[2] ?? '');
      return `RcdrM${m[1] ?? ''}*${m[2] ?? ''}`;
    }
    if ((m = escMatch(/^M(\d+)RCDR$/i)) !== null) {
      const value = u.metadata.get(Number(m[1])) ?? '';
      return v ? `RcdrM${m[1] ?? ''}*${value}` : value;
    }
    if (esc !== undefined) return 'E10';
    switch (cmd.toUpperCase()) {
      case '35I':
        return v ? `Inf35*${hms(u.elapsed())}` : hms(u.elapsed());
      case '36I':
        return v ? `Inf36*${hms(u.remaining())}` : hms(u.remaining());
      case '37I':
        return v ? 'Inf37*internal' : 'internal';
      case 'I':
        // As current firmware answers (recorders.md §1.2): angle brackets, words, sub-fields per destination.
        return `${v ? 'Inf*' : ''}<ChA1*ChB3>*<${(['stopped', 'recording', 'paused'] as const)[u.state]}>*<internal*N/A>*<${String(Math.floor(u.freeKb))}*N/A>*<${hms(u.elapsed())}>*<${hms(u.remaining())}*00:00:00>`;
      case '2I':
        return v ? `Inf02*${u.options.model}` : u.options.model;
      case 'Q':
        return u.options.firmware;
      default:
        return 'E10';
    }
  }
}
