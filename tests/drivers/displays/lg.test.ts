import { describe, expect, it } from 'vitest';
import { decodeLgReply, encodeLg, lgFramer } from '../../../src/drivers/displays/lg/codec.js';
import { FrameAssembler, hex } from '../../../src/transports/index.js';
import { panelSuite } from './suite.js';

describe('LG codec (displays.md §2)', () => {
  it('encodes the worked power-on frame and the other commands', () => {
    expect(hex(encodeLg('ka', 1, 1))).toBe('6B 61 20 30 31 20 30 31 0D');
    expect(encodeLg('ka', 1, 'query').toString('latin1')).toBe('ka 01 FF\r');
    expect(encodeLg('xb', 1, 0x90).toString('latin1')).toBe('xb 01 90\r');
    expect(encodeLg('kf', 1, 30).toString('latin1')).toBe('kf 01 1E\r');
    expect(encodeLg('ke', 1, 0).toString('latin1')).toBe('ke 01 00\r');
  });

  it('parses OK and NG replies (only the second command letter is echoed)', () => {
    expect(decodeLgReply(Buffer.from('a 01 OK01x'))).toEqual({ cmd2: 'a', setId: 1, ok: true, data: 1 });
    expect(decodeLgReply(Buffer.from('b 01 NG00x'))).toEqual({ cmd2: 'b', setId: 1, ok: false, data: 0 });
    expect(decodeLgReply(Buffer.from('b 01 XX00x'))).toBeUndefined();
  });

  it('skips garbage and cut-off replies', () => {
    const a = new FrameAssembler(lgFramer);
    expect(a.push(Buffer.from('\xff\x00a 01 OK')).frames).toEqual([]);
    expect(a.push(Buffer.from('a 01 OK01xf 01 OK1Ex')).frames.map(String)).toEqual(['a 01 OK01x', 'f 01 OK1Ex']);
  });
});

panelSuite({ driver: 'lg', options: { setId: 1 }, input: 'hdmi2', badInput: ['bogus', 'EE'] });
