import { describe, expect, it } from 'vitest';
import { MDC, decodeMdcReply, encodeMdc, mdcFramer } from '../../../src/drivers/displays/samsung-mdc/codec.js';
import { FrameAssembler, fromHex, hex } from '../../../src/transports/index.js';
import { panelSuite } from './suite.js';

describe('Samsung MDC codec: worked frames from displays.md §1.5', () => {
  it.each([
    ['power on, ID 0', encodeMdc(MDC.power, 0, [1]), 'AA 11 00 01 01 13'],
    ['power off, ID 1', encodeMdc(MDC.power, 1, [0]), 'AA 11 01 01 00 13'],
    ['power query, ID 1', encodeMdc(MDC.power, 1), 'AA 11 01 00 12'],
    ['volume 24, ID 0', encodeMdc(MDC.volume, 0, [24]), 'AA 12 00 01 18 2B'],
    ['mute on, ID 1', encodeMdc(MDC.mute, 1, [1]), 'AA 13 01 01 01 16'],
    ['input HDMI1, ID 1', encodeMdc(MDC.input, 1, [0x21]), 'AA 14 01 01 21 37'],
    ['status query, ID 1', encodeMdc(MDC.status, 1), 'AA 00 01 00 01'],
  ])('%s', (_name, bytes, expected) => {
    expect(hex(bytes)).toBe(expected);
  });

  it('parses the ACK for power on and a NAK with its error code', () => {
    expect(decodeMdcReply(fromHex('AA FF 01 03 41 11 01 56'))).toEqual({ ok: true, id: 1, cmd: 0x11, data: Buffer.from([1]) });
    const nakFrame = Buffer.from([0xaa, 0xff, 0x01, 0x03, 0x4e, 0x14, 0x01, (0xff + 0x01 + 0x03 + 0x4e + 0x14 + 0x01) & 0xff]);
    expect(decodeMdcReply(nakFrame)).toEqual({ ok: false, id: 1, cmd: 0x14, error: 1 });
  });

  it('resynchronises after garbage, a stray AA and a bad checksum', () => {
    const a = new FrameAssembler(mdcFramer);
    const ack = fromHex('AA FF 01 03 41 11 01 56');
    const badChecksum = fromHex('AA FF 01 03 41 11 01 57');
    const out = a.push(Buffer.concat([fromHex('00 13 AA'), badChecksum, ack.subarray(0, 3)]));
    expect(out.frames).toEqual([]);
    expect(a.push(ack.subarray(3)).frames.map((f) => hex(f))).toEqual(['AA FF 01 03 41 11 01 56']);
  });
});

panelSuite({ driver: 'samsung-mdc', options: { id: 1 }, simSettings: { id: '1' }, input: 'hdmi2', badInput: ['bogus', 'EE'] });
