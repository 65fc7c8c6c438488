import { describe, expect, it } from 'vitest';
import {
  decodeIp,
  decodePanTilt,
  decodePower,
  decodeReply,
  decodeZoom,
  encodeIp,
  encodeIpMessage,
  fromNibbles16,
  isSequenceError,
  nibbles16,
  resetSequence,
  scanFrame,
  visca,
} from '../../../src/drivers/cameras/visca/codec.js';

const hex = (b: Buffer): string => b.toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
const bytes = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('VISCA commands (golden frames from visca.md section 4-5)', () => {
  const table: [string, Buffer, string][] = [
    ['power on', visca.powerOn(), '81 01 04 00 02 FF'],
    ['power standby', visca.powerStandby(), '81 01 04 00 03 FF'],
    ['zoom stop', visca.zoomStop(), '81 01 04 07 00 FF'],
    ['zoom tele', visca.zoomTele(), '81 01 04 07 02 FF'],
    ['zoom wide', visca.zoomWide(), '81 01 04 07 03 FF'],
    ['zoom tele speed 5', visca.zoomTele(1, 5), '81 01 04 07 25 FF'],
    ['zoom wide speed 7', visca.zoomWide(1, 7), '81 01 04 07 37 FF'],
    ['zoom direct 0x4000', visca.zoomDirect(1, 0x4000), '81 01 04 47 04 00 00 00 FF'],
    ['pan-tilt up', visca.panTiltDrive(1, 'stop', 'up', 0x0c, 0x0a), '81 01 06 01 0C 0A 03 01 FF'],
    ['pan-tilt down-left', visca.panTiltDrive(1, 'left', 'down', 0x18, 0x14), '81 01 06 01 18 14 01 02 FF'],
    ['pan-tilt stop', visca.panTiltDrive(1, 'stop', 'stop'), '81 01 06 01 0C 0A 03 03 FF'],
    ['absolute pan -1 tilt 0x0123', visca.panTiltAbsolute(1, -1, 0x0123, 0x10, 0x10), '81 01 06 02 10 10 0F 0F 0F 0F 00 01 02 03 FF'],
    ['home', visca.home(), '81 01 06 04 FF'],
    ['preset reset 3', visca.presetReset(1, 3), '81 01 04 3F 00 03 FF'],
    ['preset set 5', visca.presetSet(1, 5), '81 01 04 3F 01 05 FF'],
    ['preset recall 5', visca.presetRecall(1, 5), '81 01 04 3F 02 05 FF'],
    ['power inquiry', visca.powerInquiry(), '81 09 04 00 FF'],
    ['zoom inquiry', visca.zoomInquiry(), '81 09 04 47 FF'],
    ['pan-tilt inquiry', visca.panTiltInquiry(), '81 09 06 12 FF'],
    ['address set', visca.addressSet(), '88 30 01 FF'],
    ['IF_Clear', visca.ifClear(), '88 01 00 01 FF'],
    ['camera 2 power on', visca.powerOn(2), '82 01 04 00 02 FF'],
  ];
  for (const [name, got, want] of table) it(name, () => expect(hex(got)).toBe(want));

  it('refuses values outside the protocol ranges', () => {
    expect(() => visca.presetRecall(1, 255)).toThrow(RangeError);
    expect(() => visca.panTiltDrive(1, 'left', 'up', 0x19, 1)).toThrow(RangeError);
    expect(() => visca.powerOn(8)).toThrow(RangeError);
  });

  it('nibbles round-trip, signed and unsigned', () => {
    for (const v of [0, 1, 0x7fff, -1, -0x8000, 0x1234]) expect(fromNibbles16(nibbles16(v), 0, true)).toBe(v);
    expect(fromNibbles16(nibbles16(0xffff), 0)).toBe(0xffff);
  });
});

describe('VISCA replies', () => {
  it('ACK, completion, inquiry answer and error (visca.md section 2)', () => {
    expect(decodeReply(bytes('90 41 FF'))).toEqual({ kind: 'ack', camera: 1, socket: 1 });
    expect(decodeReply(bytes('90 52 FF'))).toMatchObject({ kind: 'completion', camera: 1, socket: 2, data: Buffer.alloc(0) });
    expect(decodeReply(bytes('90 61 41 FF'))).toEqual({ kind: 'error', camera: 1, socket: 1, code: 0x41, meaning: 'command not executable' });
    expect(decodeReply(bytes('90 60 02 FF'))).toMatchObject({ kind: 'error', code: 2, meaning: 'syntax error' });
    expect(decodeReply(bytes('90 60 03 FF'))).toMatchObject({ kind: 'error', meaning: 'command buffer full' });
    expect(decodeReply(bytes('88 30 02 FF'))).toEqual({ kind: 'address-set', next: 2 });
    expect(decodeReply(bytes('90 38 FF'))).toEqual({ kind: 'network-change' });
    const power = decodeReply(bytes('90 50 02 FF'));
    expect(power.kind === 'completion' && decodePower(power.data)).toBe('on');
    expect(decodePower(bytes('03'))).toBe('standby');
    expect(decodeZoom(bytes('01 02 03 04'))).toBe(0x1234);
    expect(decodePanTilt(bytes('0F 0F 0F 0F 00 00 01 00'))).toEqual({ pan: -1, tilt: 0x10 });
  });

  it('resynchronises after garbage and a missing terminator', () => {
    const stream = bytes('00 13 37 FF 90 41 FF 90 51 FF 90 ' + '01 '.repeat(20) + '90 50 02 FF');
    const frames: string[] = [];
    let buf = stream;
    for (let guard = 0; guard < 100 && buf.length > 0; guard += 1) {
      const r = scanFrame(buf);
      if (r === 'more') break;
      if ('skip' in r) buf = buf.subarray(r.skip);
      else {
        frames.push(hex(buf.subarray(0, r.frame)));
        buf = buf.subarray(r.frame);
      }
    }
    expect(frames).toEqual(['90 41 FF', '90 51 FF', '90 50 02 FF']);
    expect(scanFrame(bytes('90 50'))).toBe('more');
  });
});

describe('VISCA over IP header (worked frames, visca.md section 6.2)', () => {
  it('encodes the worked frames exactly', () => {
    expect(hex(encodeIpMessage(1, visca.powerOn()))).toBe('01 00 00 06 00 00 00 01 81 01 04 00 02 FF');
    expect(hex(encodeIpMessage(2, visca.powerInquiry()))).toBe('01 10 00 05 00 00 00 02 81 09 04 00 FF');
    expect(hex(resetSequence())).toBe('02 00 00 01 00 00 00 00 01');
    expect(hex(encodeIp(0x0111, 1, bytes('90 41 FF')))).toBe('01 11 00 03 00 00 00 01 90 41 FF');
  });

  it('decodes replies and recognises the sequence-error control reply', () => {
    expect(decodeIp(bytes('01 11 00 03 00 00 00 01 90 41 FF'))).toMatchObject({ type: 0x0111, sequence: 1, payload: bytes('90 41 FF') });
    const seqErr = decodeIp(bytes('02 01 00 02 00 00 00 05 0F 01'));
    expect(seqErr !== undefined && isSequenceError(seqErr)).toBe(true);
    expect(decodeIp(bytes('01 11 00 09 00 00 00 01 90 41 FF'))).toBeUndefined();
    expect(decodeIp(bytes('01 11'))).toBeUndefined();
  });
});
