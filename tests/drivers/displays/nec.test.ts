import { describe, expect, it } from 'vitest';
import { decodeNec, encodeNec, necFramer, parseParamReply } from '../../../src/drivers/displays/nec/codec.js';
import { FrameAssembler, fromHex, hex } from '../../../src/transports/index.js';
import { panelSuite } from './suite.js';

describe('NEC codec: worked frames from displays.md §3.5 (monitor ID 1)', () => {
  it.each([
    ['power on', encodeNec(1, 'A', 'C203D60001'), '01 30 41 30 41 30 43 02 43 32 30 33 44 36 30 30 30 31 03 73 0D'],
    ['power off', encodeNec(1, 'A', 'C203D60004'), '01 30 41 30 41 30 43 02 43 32 30 33 44 36 30 30 30 34 03 76 0D'],
    ['power status read', encodeNec(1, 'A', '01D6'), '01 30 41 30 41 30 36 02 30 31 44 36 03 74 0D'],
    ['input HDMI1', encodeNec(1, 'E', '00600011'), '01 30 41 30 45 30 41 02 30 30 36 30 30 30 31 31 03 72 0D'],
    ['volume 1', encodeNec(1, 'E', '00620001'), '01 30 41 30 45 30 41 02 30 30 36 32 30 30 30 31 03 71 0D'],
    ['volume read', encodeNec(1, 'C', '0062'), '01 30 41 30 43 30 36 02 30 30 36 32 03 01 0D'],
    ['audio mute on', encodeNec(1, 'E', '008D0001'), '01 30 41 30 45 30 41 02 30 30 38 44 30 30 30 31 03 09 0D'],
  ])('%s', (_n, bytes, expected) => expect(hex(bytes)).toBe(expected));

  it('parses a get reply and an unsupported-op reply', () => {
    // A reply swaps destination and source: to controller '0' from monitor 'A'.
    const body = Buffer.from('00AD12\x02000062000064001E\x03', 'latin1');
    let x = 0;
    for (const b of body) x ^= b;
    const frame = Buffer.concat([Buffer.from([0x01]), body, Buffer.from([x, 0x0d])]);
    const f = decodeNec(frame);
    expect(f).toEqual({ dest: '0', src: 'A', type: 'D', message: '000062000064001E' });
    expect(parseParamReply(f?.message ?? '')).toEqual({ result: '00', opcode: '0062', max: 100, value: 30 });
    expect(parseParamReply('01006200')).toMatchObject({ result: '01', opcode: '0062' });
  });

  it('drops a frame with a bad BCC and finds the next', () => {
    const good = encodeNec(1, 'A', '01D6');
    const bad = Buffer.from(good);
    bad[bad.length - 2] = 0x00;
    const out = new FrameAssembler(necFramer).push(Buffer.concat([fromHex('FF 00'), bad, good]));
    expect(out.frames.map((f) => hex(f))).toEqual([hex(good)]);
  });
});

panelSuite({ driver: 'nec', options: { id: 1, minGapMs: 10 }, input: 'hdmi2', badInput: ['bogus', 'EE'] });
