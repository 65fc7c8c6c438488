import { describe, expect, it } from 'vitest';
import { FrameAssembler, delimiterFramer, fromHex, hex, type Framer } from '../../src/transports/index.js';

describe('framing', () => {
  it('cuts CR-delimited frames that arrive in pieces and several per chunk', () => {
    const a = new FrameAssembler(delimiterFramer({ end: 0x0d }));
    expect(a.push(Buffer.from('OK:po')).frames).toEqual([]);
    const out = a.push(Buffer.from('wer\rOK:vol\rOK:'));
    expect(out.frames.map(String)).toEqual(['OK:power\r', 'OK:vol\r']);
    expect(a.pending).toBe(3);
  });

  it('skips garbage before a start byte and resynchronises on a cut-off frame', () => {
    const a = new FrameAssembler(delimiterFramer({ start: 0x01, end: 0x0d }));
    const out = a.push(Buffer.from([0xff, 0x00, 0x01, 0x41, 0x01, 0x42, 0x0d]));
    expect(out.frames.map((f) => hex(f))).toEqual(['01 42 0D']);
    expect(Buffer.concat(out.garbage)).toEqual(Buffer.from([0xff, 0x00, 0x01, 0x41]));
  });

  it('bounds the buffer when a device streams bytes that never make a frame', () => {
    const a = new FrameAssembler(delimiterFramer({ end: 0x0d, maxFrameBytes: 16 }));
    const out = a.push(Buffer.alloc(100, 0x41));
    expect(a.pending).toBeLessThanOrEqual(17);
    expect(Buffer.concat(out.garbage).length).toBeGreaterThan(80);
  });

  it('survives a scanner that throws', () => {
    const broken: Framer = { name: 'broken', maxFrameBytes: 8, scan: () => { throw new Error('bug'); } };
    const out = new FrameAssembler(broken).push(Buffer.from([1, 2, 3]));
    expect(out.frames).toEqual([]);
    expect(out.garbage.length).toBe(3);
  });

  it('converts hex both ways and refuses non-hex', () => {
    expect(hex(fromHex('aa 11-00:01'))).toBe('AA 11 00 01');
    expect(() => fromHex('AA 1')).toThrow(/not hexadecimal/);
  });
});
