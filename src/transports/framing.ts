import { Transform, type TransformCallback } from 'node:stream';

/**
 * What a protocol's scanner says about the bytes at the start of the receive buffer:
 * a whole frame of `frame` bytes, `skip` bytes of garbage to drop (resynchronisation),
 * or `more` when the frame is not complete yet.
 */
export type Scan = { frame: number } | { skip: number } | 'more';

/**
 * A framing function: pure, looks only at `buf` (never empty) and never throws on any input.
 * `maxFrameBytes` bounds the receive buffer, so a device that streams garbage without ever
 * completing a frame cannot grow memory.
 */
export interface Framer {
  readonly name: string;
  readonly maxFrameBytes: number;
  scan(buf: Buffer): Scan;
}

export interface Assembled {
  frames: Buffer[];
  /** Bytes dropped while resynchronising, for logs and tests. */
  garbage: Buffer[];
}

/** Accumulates chunks as they arrive from the link and cuts them into frames with a Framer. */
export class FrameAssembler {
  private buf: Buffer = Buffer.alloc(0);

  constructor(private readonly framer: Framer) {}

  push(chunk: Buffer): Assembled {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: Assembled = { frames: [], garbage: [] };
    while (this.buf.length > 0) {
      let scan: Scan;
      try {
        scan = this.framer.scan(this.buf);
      } catch {
        // A scanner bug must not take the link down: treat the first byte as garbage.
        scan = { skip: 1 };
      }
      if (scan === 'more') {
        if (this.buf.length > this.framer.maxFrameBytes) {
          out.garbage.push(this.buf.subarray(0, 1));
          this.buf = this.buf.subarray(1);
          continue;
        }
        break;
      }
      if ('skip' in scan) {
        const n = Math.max(1, Math.min(scan.skip, this.buf.length));
        out.garbage.push(this.buf.subarray(0, n));
        this.buf = this.buf.subarray(n);
      } else {
        const n = Math.max(1, Math.min(scan.frame, this.buf.length));
        out.frames.push(Buffer.from(this.buf.subarray(0, n)));
        this.buf = this.buf.subarray(n);
      }
    }
    return out;
  }

  /** Pending bytes of an incomplete frame. */
  get pending(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = Buffer.alloc(0);
  }
}

/** The same framing as a stream Transform (object mode out: one Buffer per frame). */
export class FramerTransform extends Transform {
  private readonly assembler: FrameAssembler;

  constructor(framer: Framer) {
    super({ readableObjectMode: true });
    this.assembler = new FrameAssembler(framer);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    for (const frame of this.assembler.push(chunk).frames) this.push(frame);
    done();
  }
}

/**
 * Frames that end with a delimiter (CR, 'x', ...), optionally starting with a known start
 * byte: bytes before the start byte are garbage; a frame longer than `maxFrameBytes` without
 * a delimiter is dropped byte by byte until the stream makes sense again.
 */
export function delimiterFramer(options: { end: Buffer | number; start?: number; maxFrameBytes?: number; name?: string }): Framer {
  const end = typeof options.end === 'number' ? Buffer.from([options.end]) : options.end;
  const maxFrameBytes = options.maxFrameBytes ?? 256;
  return {
    name: options.name ?? 'delimiter',
    maxFrameBytes,
    scan(buf) {
      if (options.start !== undefined) {
        const s = buf.indexOf(options.start);
        if (s === -1) return { skip: buf.length };
        if (s > 0) return { skip: s };
      }
      const e = buf.indexOf(end, options.start === undefined ? 0 : 1);
      if (e === -1) return buf.length > maxFrameBytes ? { skip: 1 } : 'more';
      if (options.start !== undefined) {
        // A second start byte before the end means the first frame was cut off.
        const again = buf.indexOf(options.start, 1);
        if (again !== -1 && again < e) return { skip: again };
      }
      return { frame: e + end.length };
    },
  };
}

/** Every byte is its own frame: for links whose replies are matched by the caller's scanner. */
export const rawFramer: Framer = {
  name: 'raw',
  maxFrameBytes: 4096,
  scan: (buf) => ({ frame: buf.length }),
};

/** Hex text for logs and error messages: `AA FF 01 03`. */
export function hex(bytes: Buffer | Uint8Array | readonly number[]): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** `"AA 11 00"`, `"aa1100"` or `"AA-11-00"` to bytes; throws on anything that is not hex. */
export function fromHex(text: string): Buffer {
  const clean = text.replace(/[\s:-]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error(`"${text}" is not hexadecimal bytes`);
  return Buffer.from(clean, 'hex');
}
