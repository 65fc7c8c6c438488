import type { Framer } from '../../../transports/index.js';

/** NEC LCD external control (displays.md §3). Pure functions. */
export type NecType = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
const SOH = 0x01;
const STX = 0x02;
const ETX = 0x03;
const CR = 0x0d;

function bcc(bytes: Uint8Array, from: number, to: number): number {
  let x = 0;
  for (let i = from; i < to; i++) x ^= bytes[i] ?? 0;
  return x;
}

/** Monitor ID 1 is 'A' (0x41), 2 is 'B', ... */
export function monitorLetter(id: number): number {
  return 0x40 + id;
}

export function encodeNec(id: number, type: NecType, message: string): Buffer {
  const len = (message.length + 2).toString(16).toUpperCase().padStart(2, '0');
  const body = Buffer.from([0x30, monitorLetter(id), 0x30, type.charCodeAt(0), len.charCodeAt(0), len.charCodeAt(1), STX, ...Buffer.from(message, 'latin1'), ETX]);
  return Buffer.concat([Buffer.from([SOH]), body, Buffer.from([bcc(body, 0, body.length), CR])]);
}

export interface NecFrame {
  dest: string;
  src: string;
  type: string;
  message: string;
}

export function decodeNec(frame: Buffer): NecFrame | undefined {
  if (frame.length < 11 || frame[0] !== SOH || frame[frame.length - 1] !== CR) return undefined;
  const len = parseInt(frame.subarray(5, 7).toString('latin1'), 16);
  if (Number.isNaN(len) || frame.length !== 7 + len + 2) return undefined;
  if (frame[7] !== STX || frame[6 + len] !== ETX) return undefined;
  if (bcc(frame, 1, 7 + len) !== frame[7 + len]) return undefined;
  return {
    dest: String.fromCharCode(frame[2] ?? 0),
    src: String.fromCharCode(frame[3] ?? 0),
    type: String.fromCharCode(frame[4] ?? 0),
    message: frame.subarray(8, 6 + len).toString('latin1'),
  };
}

/** SOH, header, length; checks STX, ETX, BCC and CR, else drops one byte and looks again. */
export const necFramer: Framer = {
  name: 'nec',
  maxFrameBytes: 128,
  scan(buf) {
    const start = buf.indexOf(SOH);
    if (start !== 0) return { skip: start === -1 ? buf.length : start };
    if (buf.length < 7) return 'more';
    const len = parseInt(buf.subarray(5, 7).toString('latin1'), 16);
    if (!/^[0-9A-Fa-f]{2}$/.test(buf.subarray(5, 7).toString('latin1')) || len < 2) return { skip: 1 };
    const total = 7 + len + 2;
    if (buf.length < total) return 'more';
    return decodeNec(buf.subarray(0, total)) === undefined ? { skip: 1 } : { frame: total };
  },
};

/** Get/set parameter reply text: result, op-code, type, max, current. */
export interface NecParam {
  result: string;
  opcode: string;
  max: number;
  value: number;
}

export function parseParamReply(message: string): NecParam | undefined {
  const m = /^([0-9A-F]{2})([0-9A-F]{4})([0-9A-F]{2})([0-9A-F]{4})([0-9A-F]{4})$/i.exec(message);
  if (m === null) {
    // An unsupported op-code is answered with result 01 and no value.
    const short = /^([0-9A-F]{2})([0-9A-F]{4})/i.exec(message);
    return short === null ? undefined : { result: short[1] ?? '', opcode: (short[2] ?? '').toUpperCase(), max: 0, value: 0 };
  }
  return { result: m[1] ?? '', opcode: (m[2] ?? '').toUpperCase(), max: parseInt(m[4] ?? '0', 16), value: parseInt(m[5] ?? '0', 16) };
}

export const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');

export const NEC_OP = {
  input: 0x0060,
  volume: 0x0062,
  mute: 0x008d,
  /** Read only, in units of 30 minutes (NEC PD SDK OPCODE_TOTAL_OPERATING_TIME_30_MIN_READ_ONLY). */
  operatingHalfHours: 0x00fa,
  /** Which temperature sensor 0279 reads (NEC PD SDK OPCODE_SELECT_TEMPERATURE_SENSOR). */
  temperatureSelect: 0x0278,
  /** Read only, in units of 0.5 °C (NEC PD SDK OPCODE_READ_TEMPERATURE_SENSOR_READ_ONLY). */
  temperature: 0x0279,
} as const;

/** Video input values for op-code 0x0060 (§3.4). */
export const NEC_INPUTS: Readonly<Record<string, string>> = {
  vga: '01',
  dvi: '03',
  hdmi: '04',
  video1: '05',
  dp: '0F',
  hdmi1: '11',
  hdmi2: '12',
  hdmi3: '82',
  hdmi4: '83',
  usb: '87',
  option: '0D',
};
