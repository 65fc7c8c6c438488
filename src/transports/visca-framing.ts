/**
 * VISCA framing, shared by the VISCA driver and its simulator: frames end with 0xFF and start
 * with a byte whose high bit is set; over UDP 52381 Sony adds an 8-byte header.
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

/**
 * Control reply `0F 02`: the camera could not take the message at all (Sony's VISCA-over-IP
 * "message error", e.g. a bad length or type). It will not be run: no ACK or completion follows.
 */
export function isMessageError(m: IpMessage): boolean {
  return m.type === PAYLOAD.controlReply && m.payload[0] === 0x0f && m.payload[1] === 0x02;
}
