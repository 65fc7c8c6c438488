/**
 * Sony VISCA: pure encoders and decoders (facts in ../shared/protocols/visca.md). No I/O here.
 * Messages are 3-16 bytes, start with 0x8n (to camera n) or 0xn0 (from camera n-8), end with
 * 0xFF; multi-byte values travel as 4-bit nibbles so 0xFF never appears inside a message.
 */
import { TERMINATOR, fromNibbles16, nibbles16 } from '../../../transports/visca-framing.js';

export { TERMINATOR, fromNibbles16, nibbles16 };

function frame(address: number, ...body: number[]): Buffer {
  if (!Number.isInteger(address) || address < 1 || address > 7) throw new RangeError(`VISCA camera address must be 1-7, not ${address}`);
  return Buffer.from([0x80 | address, ...body, TERMINATOR]);
}

function byteIn(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what} must be an integer from ${min} to ${max}, not ${value}`);
  return value;
}

export type PanDirection = 'left' | 'right' | 'stop';
export type TiltDirection = 'up' | 'down' | 'stop';

const PAN: Record<PanDirection, number> = { left: 0x01, right: 0x02, stop: 0x03 };
const TILT: Record<TiltDirection, number> = { up: 0x01, down: 0x02, stop: 0x03 };

/** Command encoders, camera address first (1 = the usual single camera). */
export const visca = {
  powerOn: (a = 1) => frame(a, 0x01, 0x04, 0x00, 0x02),
  powerStandby: (a = 1) => frame(a, 0x01, 0x04, 0x00, 0x03),
  zoomStop: (a = 1) => frame(a, 0x01, 0x04, 0x07, 0x00),
  zoomTele: (a = 1, speed?: number) => frame(a, 0x01, 0x04, 0x07, speed === undefined ? 0x02 : 0x20 | byteIn(speed, 0, 7, 'zoom speed')),
  zoomWide: (a = 1, speed?: number) => frame(a, 0x01, 0x04, 0x07, speed === undefined ? 0x03 : 0x30 | byteIn(speed, 0, 7, 'zoom speed')),
  zoomDirect: (a: number, position: number) => frame(a, 0x01, 0x04, 0x47, ...nibbles16(byteIn(position, 0, 0xffff, 'zoom position'))),
  panTiltDrive: (a: number, pan: PanDirection, tilt: TiltDirection, panSpeed = 0x0c, tiltSpeed = 0x0a) =>
    frame(a, 0x01, 0x06, 0x01, byteIn(panSpeed, 0x01, 0x18, 'pan speed'), byteIn(tiltSpeed, 0x01, 0x14, 'tilt speed'), PAN[pan], TILT[tilt]),
  panTiltAbsolute: (a: number, pan: number, tilt: number, panSpeed = 0x0c, tiltSpeed = 0x0a) =>
    frame(
      a,
      0x01,
      0x06,
      0x02,
      byteIn(panSpeed, 0x01, 0x18, 'pan speed'),
      byteIn(tiltSpeed, 0x01, 0x14, 'tilt speed'),
      ...nibbles16(byteIn(pan, -0x8000, 0x7fff, 'pan position')),
      ...nibbles16(byteIn(tilt, -0x8000, 0x7fff, 'tilt position')),
    ),
  home: (a = 1) => frame(a, 0x01, 0x06, 0x04),
  presetReset: (a: number, preset: number) => frame(a, 0x01, 0x04, 0x3f, 0x00, byteIn(preset, 0, 254, 'preset')),
  presetSet: (a: number, preset: number) => frame(a, 0x01, 0x04, 0x3f, 0x01, byteIn(preset, 0, 254, 'preset')),
  presetRecall: (a: number, preset: number) => frame(a, 0x01, 0x04, 0x3f, 0x02, byteIn(preset, 0, 254, 'preset')),
  powerInquiry: (a = 1) => frame(a, 0x09, 0x04, 0x00),
  zoomInquiry: (a = 1) => frame(a, 0x09, 0x04, 0x47),
  panTiltInquiry: (a = 1) => frame(a, 0x09, 0x06, 0x12),
  /** Serial bus only: broadcast address set and interface clear. */
  addressSet: () => Buffer.from([0x88, 0x30, 0x01, TERMINATOR]),
  ifClear: () => Buffer.from([0x88, 0x01, 0x00, 0x01, TERMINATOR]),
};

export type ViscaReply =
  | { kind: 'ack'; camera: number; socket: number }
  | { kind: 'completion'; camera: number; socket: number; data: Buffer }
  | { kind: 'error'; camera: number; socket: number; code: number; meaning: string }
  | { kind: 'address-set'; next: number }
  | { kind: 'network-change' }
  | { kind: 'other'; bytes: Buffer };

export const VISCA_ERRORS: Readonly<Record<number, string>> = {
  0x01: 'message length error',
  0x02: 'syntax error',
  0x03: 'command buffer full',
  0x04: 'command cancelled',
  0x05: 'no socket',
  0x41: 'command not executable',
};

/**
 * One reply frame (ending in 0xFF). Inquiry answers are completions with data
 * (`90 50 data FF`); a command's completion has none (`90 5y FF`).
 */
export function decodeReply(bytes: Buffer): ViscaReply {
  const header = bytes[0] ?? 0;
  const type = bytes[1] ?? 0;
  if (header === 0x88 && type === 0x30) return { kind: 'address-set', next: (bytes[2] ?? 0) & 0x0f };
  if ((header & 0x0f) === 0 && header >= 0x80 && type === 0x38) return { kind: 'network-change' };
  const camera = ((header >> 4) & 0x0f) - 8;
  const socket = type & 0x0f;
  if (camera >= 1 && camera <= 7 && (header & 0x0f) === 0) {
    if ((type & 0xf0) === 0x40 && bytes.length === 3) return { kind: 'ack', camera, socket };
    if ((type & 0xf0) === 0x50) return { kind: 'completion', camera, socket, data: bytes.subarray(2, bytes.length - 1) };
    if ((type & 0xf0) === 0x60 && bytes.length === 4) {
      const code = bytes[2] ?? 0;
      return { kind: 'error', camera, socket, code, meaning: VISCA_ERRORS[code] ?? 'unknown error' };
    }
  }
  return { kind: 'other', bytes };
}

export type PowerReply = 'on' | 'standby' | 'power-fail' | 'unknown';

export function decodePower(data: Buffer): PowerReply {
  const p = data[0];
  return p === 0x02 ? 'on' : p === 0x03 ? 'standby' : p === 0x04 ? 'power-fail' : 'unknown';
}

export function decodeZoom(data: Buffer): number | undefined {
  return data.length === 4 ? fromNibbles16(data, 0) : undefined;
}

export function decodePanTilt(data: Buffer): { pan: number; tilt: number } | undefined {
  return data.length === 8 ? { pan: fromNibbles16(data, 0, true), tilt: fromNibbles16(data, 4, true) } : undefined;
}

// Framing (serial/TCP frames and the VISCA-over-IP header) lives with the links, so the VISCA
// simulator can share it without depending on the driver.
export { scanFrame, PAYLOAD, encodeIp, encodeIpMessage, resetSequence, decodeIp, isSequenceError, isMessageError, type IpMessage } from '../../../transports/visca-framing.js';
