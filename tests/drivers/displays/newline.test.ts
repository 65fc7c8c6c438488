import { describe, expect, it } from 'vitest';
import { NL, decodeNewlineReply, encodeNewline, newlineFramer } from '../../../src/drivers/displays/newline/codec.js';
import { FrameAssembler, fromHex, hex } from '../../../src/transports/index.js';
import { panelSuite } from './suite.js';

describe('Newline codec (displays.md §5.1)', () => {
  it.each([
    ['power on', NL.powerOn, '7F 08 99 A2 B3 C4 02 FF 01 00 CF'],
    ['power off', NL.powerOff, '7F 08 99 A2 B3 C4 02 FF 01 01 CF'],
    ['mute toggle', NL.muteToggle, '7F 08 99 A2 B3 C4 02 FF 01 02 CF'],
    ['volume query', NL.queryVolume, '7F 08 99 A2 B3 C4 02 FF 01 33 CF'],
    ['HDMI rear 1', 0x52, '7F 08 99 A2 B3 C4 02 FF 01 52 CF'],
  ])('%s', (_n, code, expected) => expect(hex(encodeNewline(code))).toBe(expected));

  it('parses echo and query replies, and skips garbage', () => {
    expect(decodeNewlineReply(fromHex('7F 09 99 A2 B3 C4 02 FF 01 33 1E CF'))).toEqual({ code: 0x33, value: 30 });
    const out = new FrameAssembler(newlineFramer).push(fromHex('00 7F 7F 09 99 A2 B3 C4 02 FF 01 82 01 CF'));
    expect(out.frames.map((f) => hex(f))).toEqual(['7F 09 99 A2 B3 C4 02 FF 01 82 01 CF']);
  });
});

panelSuite({ driver: 'newline', input: 'hdmi2', startOn: true });
