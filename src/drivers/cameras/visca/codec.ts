/**
 * Sony VISCA: pure encoders and decoders (facts in ../shared/protocols/visca.md). No I/O here.
 * Messages are 3-16 bytes, start with 0x8n (to camera n) or 0xn0 (from camera n-8), end with
 * 0xFF; multi-byte values travel as 4-bit nibbles so 0xFF never appears inside a message.
 */
export const TERMINATOR = 0xff;

/** Splits a 16-bit value (two's complement for negatives) into four nibble bytes. */
export function nibbles16(value: number): number[] {
  const v = value & 0xffff;
  return [(v >> 12) & 0x0f, (v >> 8) & 0x0f, (v >> 4) & 0x0f, v & 0x0f];
}

/** Reads four nibble bytes as a 16-bit value; signed when asked. */
export function fromNibbles16(bytes: ArrayLike<number>, offset: number, signed = false): number {
  let v = 0;
  for (let i = 0; i < 4; i += 1) v = (v << 4) | ((bytes[offset + i] ?? 0) & 0x0f);
  return signed && v & 0x8000 ? v - 0x10000 : v;
}

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

/**
 * Frame scanner with resynchronisation: garbage before a header byte (high bit set) is
 * skipped; a frame longer than 16 bytes without a terminator drops its first byte and looks again.
 */
export function scanFrame(buf: Buffer): { frame: number } | { skip: number } | 'more' {
  if (buf.length === 0) return 'more';
  let start = 0;
  while (start < buf.length && ((buf[start] ?? 0) & 0x80) === 0) start += 1;
  if (start > 0) return { skip: start };
  // A 0xFF here is a stray terminator, not a header: skip it.
  if (buf[0] === TERMINATOR) return { skip: 1 };
  const end = buf.indexOf(TERMINATOR, 1);
  if (end === -1) return buf.length >= 16 ? { skip: 1 } : 'more';
  if (end + 1 > 16) return { skip: 1 };
  return { frame: end + 1 };
}

/** Sony VISCA-over-IP (UDP 52381) 8-byte header. */
export const PAYLOAD = {
  command: 0x0100,
  inquiry: 0x0110,
  reply: 0x0111,
  deviceSetting: 0x0120,
  control: 0x0200,
  controlReply: 0x0201,
} as const;

export function encodeIp(type: number, sequence: number, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(payload.length, 2);
  header.writeUInt32BE(sequence >>> 0, 4);
  return Buffer.concat([header, payload]);
}

/** A VISCA payload in the Sony header: type chosen from the category byte (0x09 = inquiry). */
export function encodeIpMessage(sequence: number, visca: Buffer): Buffer {
  return encodeIp(visca[1] === 0x09 ? PAYLOAD.inquiry : PAYLOAD.command, sequence, visca);
}

export const resetSequence = (): Buffer => encodeIp(PAYLOAD.control, 0, Buffer.from([0x01]));

export interface IpMessage {
  type: number;
  sequence: number;
  payload: Buffer;
}

/** Decodes one datagram; undefined when it is too short or its length field does not match. */
export function decodeIp(datagram: Buffer): IpMessage | undefined {
  if (datagram.length < 8) return undefined;
  const length = datagram.readUInt16BE(2);
  if (length < 1 || length > 16 || datagram.length !== 8 + length) return undefined;
  return { type: datagram.readUInt16BE(0), sequence: datagram.readUInt32BE(4), payload: datagram.subarray(8) };
}

/** Control reply `0F 01`: the camera saw a sequence number it did not expect. */
export function isSequenceError(m: IpMessage): boolean {
  return m.type === PAYLOAD.controlReply && m.payload[0] === 0x0f && m.payload[1] === 0x01;
}
