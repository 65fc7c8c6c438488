import { crc32 } from 'node:zlib';

/**
 * Framing of every outbox file: `[u32 LE body length][u32 LE CRC-32 of body][body]`. A power
 * cut can leave the last frame half written; the reader stops at the first frame whose length
 * runs past the end or whose checksum does not match, and reports where.
 */
export const HEADER_BYTES = 8;
/** Far above any record we write (payloads are capped well below this). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function encodeFrame(body: string): Buffer {
  const data = Buffer.from(body, 'utf8');
  const out = Buffer.allocUnsafe(HEADER_BYTES + data.length);
  out.writeUInt32LE(data.length, 0);
  out.writeUInt32LE(crc32(data), 4);
  data.copy(out, HEADER_BYTES);
  return out;
}

export interface DecodedFrames {
  bodies: string[];
  /** Bytes up to the end of the last good frame: the file is truncated here before appending. */
  validBytes: number;
  problem?: { offset: number; reason: string };
}

export function decodeFrames(buf: Buffer): DecodedFrames {
  const bodies: string[] = [];
  let offset = 0;
  while (offset < buf.length) {
    if (buf.length - offset < HEADER_BYTES) return { bodies, validBytes: offset, problem: { offset, reason: 'truncated header' } };
    const length = buf.readUInt32LE(offset);
    const sum = buf.readUInt32LE(offset + 4);
    if (length > MAX_BODY_BYTES) return { bodies, validBytes: offset, problem: { offset, reason: `implausible length ${length}` } };
    const end = offset + HEADER_BYTES + length;
    if (end > buf.length) return { bodies, validBytes: offset, problem: { offset, reason: 'truncated record' } };
    const body = buf.subarray(offset + HEADER_BYTES, end);
    if (crc32(body) !== sum) return { bodies, validBytes: offset, problem: { offset, reason: 'checksum mismatch' } };
    bodies.push(body.toString('utf8'));
    offset = end;
  }
  return { bodies, validBytes: offset };
}
