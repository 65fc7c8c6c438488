import { describe, expect, it } from 'vitest';
import { decodeLgReply, lgFramer } from '../../../src/drivers/displays/lg/codec.js';
import { decodeNec, necFramer, parseParamReply } from '../../../src/drivers/displays/nec/codec.js';
import { decodeNewlineReply, newlineFramer } from '../../../src/drivers/displays/newline/codec.js';
import { decodeSicp, sicpFramer } from '../../../src/drivers/displays/philips-sicp/codec.js';
import { profileFramer } from '../../../src/drivers/displays/profile/index.js';
import { loadProfile } from '../../../src/drivers/displays/profiles.js';
import { decodeMdcReply, mdcFramer } from '../../../src/drivers/displays/samsung-mdc/codec.js';
import { FrameAssembler, type Framer } from '../../../src/transports/index.js';

/** A small deterministic PRNG, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const cases: [string, Framer, (f: Buffer) => unknown][] = [
  ['samsung-mdc', mdcFramer, decodeMdcReply],
  ['lg', lgFramer, decodeLgReply],
  ['nec', necFramer, (f) => parseParamReply(decodeNec(f)?.message ?? '')],
  ['philips-sicp', sicpFramer, decodeSicp],
  ['newline', newlineFramer, decodeNewlineReply],
  ['profile', profileFramer(loadProfile('tests/drivers/displays/fixtures/ascii-panel.yaml').profile), (f) => f.length],
];

describe('hostile bytes', () => {
  it.each(cases)('%s: random bytes never throw and never grow the buffer without bound', (_name, framer, decode) => {
    const random = rng(42);
    const a = new FrameAssembler(framer);
    // Bytes biased towards each protocol's own markers, to reach the deeper branches.
    const alphabet = [0xaa, 0xff, 0x01, 0x02, 0x03, 0x0d, 0x7f, 0x09, 0x99, 0x61, 0x20, 0x4f, 0x4b, 0x78, 0x30, 0x41, 0x06, 0xcf];
    for (let i = 0; i < 3000; i++) {
      const n = 1 + Math.floor(random() * 24);
      const chunk = Buffer.from(Array.from({ length: n }, () => (random() < 0.6 ? (alphabet[Math.floor(random() * alphabet.length)] ?? 0) : Math.floor(random() * 256))));
      const { frames } = a.push(chunk);
      for (const f of frames) expect(() => decode(f)).not.toThrow();
      expect(a.pending).toBeLessThanOrEqual(framer.maxFrameBytes + 24);
    }
  });
});
