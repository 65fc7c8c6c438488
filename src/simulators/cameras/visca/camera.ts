import type { Logger } from 'pino';
import { fromNibbles16, nibbles16 } from '../../../transports/visca-framing.js';
import { Axis } from './head.js';

export interface ViscaSimSettings {
  address: number;
  /** Pan units per second per speed step (speed byte 1-0x18). */
  panRate: number;
  tiltRate: number;
  /** Zoom units per second for zoom direct and full-speed zoom drive. */
  zoomRate: number;
  panLimit: number;
  tiltLimit: number;
  zoomLimit: number;
  powerOnMs: number;
  /** Least time a command holds its socket, so a burst of commands fills the buffer. */
  execMs: number;
  power: boolean;
}

export interface ViscaSimSwitches {
  /** Replies to the next N messages are lost (the camera still acts on them). */
  dropNext: number;
  /** Noise bytes before every reply. */
  garbage: boolean;
  /** No replies and no action: a camera unplugged from the network or mains. */
  silent: boolean;
}

export interface ViscaSimStats {
  messages: number;
  syntaxErrors: number;
  bufferFull: number;
  notExecutable: number;
  sequenceErrors: number;
  resets: number;
  retransmits: number;
}

/** The two command sockets of one connection (TCP connection, PTY, UDP peer). */
export interface SimSession {
  sockets: [boolean, boolean];
}

type Position = { pan: number; tilt: number; zoom: number };

/**
 * A VISCA camera's state and command handling, independent of the transport: ACK (90 4y) then
 * completion (90 5y) in a per-connection socket, inquiries answered at once (90 50 ..),
 * `90 60 02` for what it does not understand, `90 6y 41` for commands in standby, `90 60 03`
 * when both sockets are busy.
 */
export class ViscaCameraSim {
  readonly switches: ViscaSimSwitches = { dropNext: 0, garbage: false, silent: false };
  readonly stats: ViscaSimStats = { messages: 0, syntaxErrors: 0, bufferFull: 0, notExecutable: 0, sequenceErrors: 0, resets: 0, retransmits: 0 };
  readonly received: Buffer[] = [];
  readonly pan: Axis;
  readonly tilt: Axis;
  readonly zoom: Axis;
  power: boolean;
  readonly presets = new Map<number, Position>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly reply: number;

  constructor(
    readonly settings: ViscaSimSettings,
    private readonly log: Logger,
    now: () => number = Date.now,
  ) {
    this.power = settings.power;
    this.pan = new Axis({ min: -settings.panLimit, max: settings.panLimit }, 0, now);
    this.tilt = new Axis({ min: -settings.tiltLimit, max: settings.tiltLimit }, 0, now);
    this.zoom = new Axis({ min: 0, max: settings.zoomLimit }, 0, now);
    this.reply = (settings.address + 8) << 4;
  }

  newSession(): SimSession {
    return { sockets: [false, false] };
  }

  /** Whether this message's replies are to be lost (consumes one `dropNext`). */
  takeDrop(): boolean {
    if (this.switches.dropNext <= 0) return false;
    this.switches.dropNext -= 1;
    return true;
  }

  snapshot(): Record<string, unknown> {
    return {
      power: this.power ? 'on' : 'standby',
      pan: this.pan.position,
      tilt: this.tilt.position,
      zoom: this.zoom.position,
      moving: this.pan.moving || this.tilt.moving || this.zoom.moving,
      presets: Object.fromEntries([...this.presets].map(([n, p]) => [String(n), p])),
      switches: { ...this.switches },
      stats: { ...this.stats },
    };
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Handles one VISCA message; `send` gets each reply message (ACK, completion, error, answer). */
  handle(frame: Buffer, session: SimSession, send: (reply: Buffer) => void): void {
    if (this.switches.silent) return;
    this.received.push(Buffer.from(frame));
    this.stats.messages += 1;
    const header = frame[0] ?? 0;
    if (header === 0x88 && frame[1] === 0x30) {
      // Address set on a daisy chain: we take our address, the next camera gets the one after.
      send(Buffer.from([0x88, 0x30, Math.min(7, this.settings.address + 1), 0xff]));
      return;
    }
    if (header !== (0x80 | this.settings.address)) return; // another camera on the bus
    const body = [...frame.subarray(1, frame.length - 1)];
    if (body[0] === 0x09) {
      this.inquiry(body, send);
      return;
    }
    const action = body[0] === 0x01 ? this.parseCommand(body) : undefined;
    if (action === undefined) {
      this.stats.syntaxErrors += 1;
      send(this.bytes(0x60, 0x02));
      return;
    }
    const socket = session.sockets[0] ? (session.sockets[1] ? 0 : 2) : 1;
    if (socket === 0) {
      this.stats.bufferFull += 1;
      send(this.bytes(0x60, 0x03));
      return;
    }
    send(this.bytes(0x40 | socket));
    if (!this.power && !action.inStandby) {
      this.stats.notExecutable += 1;
      send(this.bytes(0x60 | socket, 0x41));
      return;
    }
    session.sockets[socket - 1] = true;
    const ms = Math.max(this.settings.execMs, Math.ceil(action.run()));
    const complete = (): void => {
      // Timers count from the event loop's cached clock, which can lag Date.now(): a move's
      // completion may fire a little before the head has arrived, so look again.
      if (action.arrival === true && [this.pan, this.tilt, this.zoom].some((axis) => axis.heading)) {
        this.later(2, complete);
        return;
      }
      session.sockets[socket - 1] = false;
      send(this.bytes(0x50 | socket));
    };
    this.later(ms, complete);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private bytes(...body: number[]): Buffer {
    return Buffer.from([this.reply, ...body, 0xff]);
  }

  private inquiry(body: number[], send: (reply: Buffer) => void): void {
    const key = body.map((b) => b.toString(16).padStart(2, '0')).join('');
    if (key === '090400') {
      send(this.bytes(0x50, this.power ? 0x02 : 0x03));
      return;
    }
    if (key !== '090447' && key !== '090612') {
      this.stats.syntaxErrors += 1;
      send(this.bytes(0x60, 0x02));
      return;
    }
    if (!this.power) {
      this.stats.notExecutable += 1;
      send(this.bytes(0x60, 0x41));
      return;
    }
    if (key === '090447') send(this.bytes(0x50, ...nibbles16(this.zoom.position)));
    else send(this.bytes(0x50, ...nibbles16(this.pan.position), ...nibbles16(this.tilt.position)));
  }

  /** What a command does and how long it takes (ms), or undefined when it is not a valid command. */
  private parseCommand(b: number[]): { inStandby: boolean; arrival?: boolean; run: () => number } | undefined {
    const s = this.settings;
    const nib = (from: number, count: number): boolean => b.slice(from, from + count).length === count && b.slice(from, from + count).every((x) => x <= 0x0f);
    const is = (...prefix: number[]): boolean => prefix.every((x, i) => b[i] === x);
    if (is(0x01, 0x04, 0x00) && b.length === 4 && (b[3] === 0x02 || b[3] === 0x03)) {
      const on = b[3] === 0x02;
      return {
        inStandby: true,
        run: () => {
          const was = this.power;
          this.power = on;
          if (!on) for (const axis of [this.pan, this.tilt, this.zoom]) axis.stop();
          return on && !was ? s.powerOnMs : 0;
        },
      };
    }
    if (is(0x01, 0x04, 0x07) && b.length === 4) {
      const p = b[3] ?? 0;
      const speed = (p & 0x0f) + 1;
      if (p === 0x00) return { inStandby: false, run: () => (this.zoom.stop(), 0) };
      if (p === 0x02 || p === 0x03) return { inStandby: false, run: () => (this.zoom.drive(((p === 0x02 ? 1 : -1) * s.zoomRate) / 2), 0) };
      if ((p & 0xf0) === 0x20 && speed <= 8) return { inStandby: false, run: () => (this.zoom.drive((s.zoomRate * speed) / 8), 0) };
      if ((p & 0xf0) === 0x30 && speed <= 8) return { inStandby: false, run: () => (this.zoom.drive((-s.zoomRate * speed) / 8), 0) };
      return undefined;
    }
    if (is(0x01, 0x04, 0x47) && b.length === 7 && nib(3, 4)) {
      const target = fromNibbles16(b, 3);
      return { inStandby: false, arrival: true, run: () => this.zoom.moveTo(target, s.zoomRate) };
    }
    if (is(0x01, 0x06, 0x01) && b.length === 7) {
      const [vv = 0, ww = 0, xx = 0, yy = 0] = b.slice(3);
      if (vv < 1 || vv > 0x18 || ww < 1 || ww > 0x14 || xx < 1 || xx > 3 || yy < 1 || yy > 3) return undefined;
      return {
        inStandby: false,
        run: () => {
          const dir = (d: number): number => (d === 3 ? 0 : d === 1 ? -1 : 1);
          this.pan.drive(dir(xx) * vv * s.panRate);
          // Tilt 01 is up (positive), 02 is down.
          this.tilt.drive(-dir(yy) * ww * s.tiltRate);
          return 0;
        },
      };
    }
    if (is(0x01, 0x06, 0x02) && b.length === 13 && nib(5, 8)) {
      const [vv = 0, ww = 0] = b.slice(3);
      if (vv < 1 || vv > 0x18 || ww < 1 || ww > 0x14) return undefined;
      const pan = fromNibbles16(b, 5, true);
      const tilt = fromNibbles16(b, 9, true);
      return { inStandby: false, arrival: true, run: () => Math.max(this.pan.moveTo(pan, vv * s.panRate), this.tilt.moveTo(tilt, ww * s.tiltRate)) };
    }
    if ((is(0x01, 0x06, 0x04) || is(0x01, 0x06, 0x05)) && b.length === 3) {
      return { inStandby: false, arrival: true, run: () => this.goTo({ pan: 0, tilt: 0, zoom: this.zoom.position }) };
    }
    if (is(0x01, 0x04, 0x3f) && b.length === 5 && (b[3] ?? 9) <= 0x02 && (b[4] ?? 0xff) <= 254) {
      const op = b[3];
      const n = b[4] ?? 0;
      return {
        inStandby: false,
        arrival: op === 0x02,
        run: () => {
          if (op === 0x00) this.presets.delete(n);
          if (op === 0x01) this.presets.set(n, { pan: this.pan.position, tilt: this.tilt.position, zoom: this.zoom.position });
          if (op !== 0x02) return 0;
          // An empty memory recalls the factory position (home, zoom wide), as many cameras do.
          return this.goTo(this.presets.get(n) ?? { pan: 0, tilt: 0, zoom: 0 });
        },
      };
    }
    this.log.debug({ body: b }, 'VISCA simulator: unknown command');
    return undefined;
  }

  private goTo(p: Position): number {
    const s = this.settings;
    return Math.max(this.pan.moveTo(p.pan, 0x18 * s.panRate), this.tilt.moveTo(p.tilt, 0x14 * s.tiltRate), this.zoom.moveTo(p.zoom, s.zoomRate));
  }
}
