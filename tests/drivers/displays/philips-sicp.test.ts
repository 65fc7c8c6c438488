import { describe, expect, it } from 'vitest';
import { SICP, decodeSicp, encodeSicp, sicpFramer } from '../../../src/drivers/displays/philips-sicp/codec.js';
import { FrameAssembler, fromHex, hex } from '../../../src/transports/index.js';
import { panelSuite } from './suite.js';

describe('SICP codec: worked frames from displays.md §4.5 (monitor 1, group 0)', () => {
  it.each([
    ['power on', encodeSicp(1, 0, SICP.powerSet, [2]), '06 01 00 18 02 1D'],
    ['power off', encodeSicp(1, 0, SICP.powerSet, [1]), '06 01 00 18 01 1E'],
    ['power get', encodeSicp(1, 0, SICP.powerGet), '05 01 00 19 1D'],
    ['input HDMI1', encodeSicp(1, 0, SICP.inputSet, [0x0d, 0, 1, 0]), '09 01 00 AC 0D 00 01 00 A8'],
    ['volume 30/30', encodeSicp(1, 0, SICP.volumeSet, [30, 30]), '07 01 00 44 1E 1E 42'],
    ['mute on', encodeSicp(1, 0, SICP.muteSet, [1]), '06 01 00 47 01 41'],
  ])('%s', (_n, bytes, expected) => expect(hex(bytes)).toBe(expected));

  it('parses ACK, NACK, NAV and a data report', () => {
    expect(decodeSicp(encodeSicp(1, 0, 0x00, [0x06]))?.data[0]).toBe(0x06);
    expect(decodeSicp(encodeSicp(1, 0, 0x00, [0x15]))?.data[0]).toBe(0x15);
    expect(decodeSicp(encodeSicp(1, 0, 0x00, [0x18]))?.data[0]).toBe(0x18);
    expect(decodeSicp(fromHex('06 01 00 19 02 1C'))).toEqual({ monitor: 1, group: 0, cmd: 0x19, data: Buffer.from([2]) });
    expect(decodeSicp(fromHex('06 01 00 19 02 1D'))).toBeUndefined();
  });

  it('a stray size byte before a reply does not stall the link', () => {
    const reply = encodeSicp(1, 0, 0x00, [0x06]);
    const out = new FrameAssembler(sicpFramer).push(Buffer.concat([fromHex('20 00 FF'), reply]));
    expect(out.frames.map((f) => hex(f))).toEqual([hex(reply)]);
  });
});

panelSuite({ driver: 'philips-sicp', options: { id: 1 }, input: 'hdmi2', badInput: ['bogus', 'EE'] });
