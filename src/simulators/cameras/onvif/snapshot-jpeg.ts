/**
 * A small real JPEG for the simulated camera's snapshot (baseline, greyscale, 64x48 pixels):
 * each 8x8 block is one flat shade, a gradient that shifts with the PTZ position, so a
 * snapshot taken at one preset differs from one taken at another. Only DC coefficients are
 * coded (every block ends at once), with two tiny Huffman tables of our own.
 */

const BLOCKS_X = 8;
const BLOCKS_Y = 6;

function segment(marker: number, body: number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

/** Bits into bytes, with the 0xFF byte stuffing entropy-coded data needs. */
class BitWriter {
  private readonly out: number[] = [];
  private acc = 0;
  private count = 0;

  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      this.count++;
      if (this.count === 8) this.flushByte();
    }
  }

  finish(): number[] {
    while (this.count !== 0) this.write(1, 1);
    return this.out;
  }

  private flushByte(): void {
    this.out.push(this.acc);
    if (this.acc === 0xff) this.out.push(0x00);
    this.acc = 0;
    this.count = 0;
  }
}

/** Bits needed for a DC difference (its JPEG size category). */
function category(v: number): number {
  let a = Math.abs(v);
  let n = 0;
  while (a > 0) {
    a >>= 1;
    n++;
  }
  return n;
}

/** Shade (0-255) of block (bx, by) for a head at pan/tilt -1..1, zoom 0..1. */
function shade(bx: number, by: number, pos: { pan: number; tilt: number; zoom: number }): number {
  const v = 40 + ((bx + pos.pan * 4 + 8) % BLOCKS_X) * 18 + ((by + pos.tilt * 3 + 6) % BLOCKS_Y) * 12 + pos.zoom * 30;
  return Math.max(0, Math.min(255, Math.round(v)));
}

export function snapshotJpeg(pos: { pan: number; tilt: number; zoom: number } = { pan: 0, tilt: 0, zoom: 0 }): Buffer {
  const width = BLOCKS_X * 8;
  const height = BLOCKS_Y * 8;
  const jfif = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const dqt = segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
  const sof = segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  // DC table: categories 0-11, every code 4 bits long (0000 for 0 ... 1011 for 11).
  const dcCounts = new Array<number>(16).fill(0);
  dcCounts[3] = 12;
  const dht = segment(0xc4, [0x00, ...dcCounts, ...Array.from({ length: 12 }, (_, i) => i)]);
  // AC table: only end-of-block, a 1-bit code 0.
  const acCounts = new Array<number>(16).fill(0);
  acCounts[0] = 1;
  const dhtAc = segment(0xc4, [0x10, ...acCounts, 0x00]);
  const sos = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  const bits = new BitWriter();
  let previous = 0;
  for (let by = 0; by < BLOCKS_Y; by++) {
    for (let bx = 0; bx < BLOCKS_X; bx++) {
      // A flat block's DC coefficient is 8 x (value - 128); the quantizer is 1.
      const dc = 8 * (shade(bx, by, pos) - 128);
      const diff = dc - previous;
      previous = dc;
      const size = category(diff);
      bits.write(size, 4);
      if (size > 0) bits.write(diff >= 0 ? diff : diff + (1 << size) - 1, size);
      bits.write(0, 1);
    }
  }
  return Buffer.from([0xff, 0xd8, ...jfif, ...dqt, ...sof, ...dht, ...dhtAc, ...sos, ...bits.finish(), 0xff, 0xd9]);
}
