import type { Logger } from 'pino';

/** What a simulated panel is doing; protocol handlers read and change it. */
export interface PanelSimState {
  power: boolean;
  /** The input code in the protocol's own terms (a byte for most). */
  input: number;
  volume: number;
  muted: boolean;
  /** ms timestamp until which the panel refuses input changes after power on. */
  warmUntil: number;
}

export interface SimSwitches {
  /** Garbage bytes before every reply. */
  noise: boolean;
  /** Probability (0..1) that a reply is not sent. */
  dropRate: number;
  /** Replies to drop before answering again (deterministic, for tests). */
  dropNext: number;
  /** Stop answering at all (a panel unplugged from mains, a dead converter). */
  disappeared: boolean;
  warmupMs: number;
}

/** Frame splitting on the simulator side (independent of the driver's framers on purpose). */
export type SimScan = { frame: number } | { skip: number } | 'more';

export interface SimContext {
  state: PanelSimState;
  switches: SimSwitches;
  settings: Readonly<Record<string, string>>;
  log: Logger;
  now(): number;
}

/** One protocol as a device speaks it: split requests, answer each. */
export interface PanelSimProtocol {
  name: string;
  initialInput: number;
  maxFrameBytes: number;
  scan(buf: Buffer): SimScan;
  /** The reply bytes, or undefined when the real device sends nothing. */
  handle(frame: Buffer, ctx: SimContext): Buffer | undefined;
  describe(settings: Readonly<Record<string, string>>): string[];
}

export function warming(ctx: SimContext): boolean {
  return ctx.now() < ctx.state.warmUntil;
}

export function powerOn(ctx: SimContext): void {
  if (!ctx.state.power) ctx.state.warmUntil = ctx.now() + ctx.switches.warmupMs;
  ctx.state.power = true;
}

/** Splits incoming bytes into request frames, dropping what does not parse. */
export class SimFramer {
  private buf = Buffer.alloc(0);

  constructor(private readonly protocol: PanelSimProtocol) {}

  push(chunk: Buffer): Buffer[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const frames: Buffer[] = [];
    while (this.buf.length > 0) {
      let r: SimScan;
      try {
        r = this.protocol.scan(this.buf);
      } catch {
        r = { skip: 1 };
      }
      if (r === 'more') {
        if (this.buf.length > this.protocol.maxFrameBytes) {
          this.buf = this.buf.subarray(1);
          continue;
        }
        break;
      }
      const n = Math.max(1, 'skip' in r ? r.skip : r.frame);
      if ('frame' in r) frames.push(Buffer.from(this.buf.subarray(0, n)));
      this.buf = this.buf.subarray(n);
    }
    return frames;
  }
}

const NOISE = [0x00, 0xff, 0xfe, 0x80, 0x55, 0x20];

/** Garbage that no protocol mistakes for the start of a frame. */
export function noiseBytes(random = Math.random): Buffer {
  const n = 1 + Math.floor(random() * 6);
  return Buffer.from(Array.from({ length: n }, () => NOISE[Math.floor(random() * NOISE.length)] ?? 0));
}

export function numberSetting(settings: Readonly<Record<string, string>>, key: string, fallback: number): number {
  const v = settings[key];
  if (v === undefined || v.trim() === '' || Number.isNaN(Number(v))) return fallback;
  return Number(v);
}

export function boolSetting(settings: Readonly<Record<string, string>>, key: string): boolean {
  const v = settings[key];
  return v === 'true' || v === '1' || v === 'yes' || v === 'on';
}
