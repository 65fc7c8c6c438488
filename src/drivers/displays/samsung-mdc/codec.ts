import type { Framer } from '../../../transports/index.js';

/** Samsung MDC frames (docs: /work/shared/protocols/displays.md §1). Pure functions. */
export const MDC = {
  header: 0xaa,
  reply: 0xff,
  ack: 0x41,
  nak: 0x4e,
  status: 0x00,
  power: 0x11,
  volume: 0x12,
  mute: 0x13,
  input: 0x14,
  /** Get only, ASCII (vgavro/samsung-mdc commands.py SERIAL_NUMBER). */
  serial: 0x0b,
  /** Get only: lamp, temperature, brightness-sensor, no-sync errors, then the temperature in °C, fan (ERROR_STATUS). */
  errorStatus: 0x0d,
  /** Get only, ASCII (SOFTWARE_VERSION). */
  softwareVersion: 0x0e,
  /** Get only, ASCII (MODEL_NAME). */
  modelName: 0x8a,
} as const;

function checksum(bytes: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += bytes[i] ?? 0;
  return sum & 0xff;
}

/** `AA cmd id len data.. cs`; cs = sum of every byte after the header, mod 256. */
export function encodeMdc(cmd: number, id: number, data: readonly number[] = []): Buffer {
  const body = [cmd, id, data.length, ...data];
  return Buffer.from([MDC.header, ...body, checksum(Uint8Array.from(body), 0, body.length)]);
}

export type MdcReply =
  | { ok: true; id: number; cmd: number; data: Buffer }
  | { ok: false; id: number; cmd: number; error: number };

/** Decodes `AA FF id len A|N cmd data.. cs`; undefined when the frame is not a reply. */
export function decodeMdcReply(frame: Buffer): MdcReply | undefined {
  if (frame.length < 7 || frame[0] !== MDC.header || frame[1] !== MDC.reply) return undefined;
  const len = frame[3] ?? 0;
  if (frame.length !== len + 5 || len < 2) return undefined;
  const id = frame[2] ?? 0;
  const ack = frame[4];
  const cmd = frame[5] ?? 0;
  if (ack === MDC.ack) return { ok: true, id, cmd, data: frame.subarray(6, frame.length - 1) };
  if (ack === MDC.nak) return { ok: false, id, cmd, error: frame[6] ?? 0 };
  return undefined;
}

/** Finds `AA`, reads the length, checks the checksum; a bad frame costs one byte of resync. */
export const mdcFramer: Framer = {
  name: 'samsung-mdc',
  maxFrameBytes: 260,
  scan(buf) {
    const start = buf.indexOf(MDC.header);
    if (start === -1) return { skip: buf.length };
    if (start > 0) return { skip: start };
    if (buf.length < 4) return 'more';
    const total = (buf[3] ?? 0) + 5;
    if (buf.length < total) return 'more';
    return checksum(buf, 1, total - 1) === buf[total - 1] ? { frame: total } : { skip: 1 };
  },
};

/** Input codes (§1.4), named as the wall panel and profiles name them. */
export const MDC_INPUTS: Readonly<Record<string, string>> = {
  pc: '14',
  dvi: '18',
  av: '0C',
  component: '08',
  magicinfo: '20',
  hdmi1: '21',
  hdmi2: '23',
  hdmi3: '31',
  hdmi4: '33',
  dp1: '25',
  dp2: '26',
  dp3: '27',
  hdbaset: '55',
  tv: '40',
  'screen-mirroring': '61',
  usb: '62',
  whiteboard: '64',
  browser: '65',
};

/** Reply-only codes that mean the same connector (HDMI1_PC is HDMI1 with PC timing). */
export const MDC_INPUT_ALIASES: Readonly<Record<number, number>> = { 0x22: 0x21, 0x24: 0x23, 0x32: 0x31, 0x34: 0x33, 0x1f: 0x18 };
