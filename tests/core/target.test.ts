import { describe, expect, it } from 'vitest';
import { isScError } from '../../src/core/errors/index.js';
import { parseTarget } from '../../src/transports/target.js';

describe('targets', () => {
  it('parses every link kind of the architecture', () => {
    expect(parseTarget('serial:/dev/ttyUSB0?baud=19200&parity=even')).toMatchObject({ kind: 'serial', path: '/dev/ttyUSB0', baudRate: 19200, parity: 'even', dataBits: 8, stopBits: 1 });
    expect(parseTarget('serial:/dev/ttyS0')).toMatchObject({ kind: 'serial', baudRate: 9600, parity: 'none' });
    expect(parseTarget('tcp://10.0.0.5:1515')).toMatchObject({ kind: 'tcp', host: '10.0.0.5', port: 1515 });
    expect(parseTarget('udp://10.0.0.6:52381')).toMatchObject({ kind: 'udp', host: '10.0.0.6', port: 52381 });
    const http = parseTarget('http://admin:p%40ss@10.0.0.7/onvif/device_service');
    expect(http).toMatchObject({ kind: 'http', username: 'admin', password: 'p@ss', text: 'http://10.0.0.7/onvif/device_service' });
    expect(parseTarget('hid:0fd9:0080/CL12345')).toMatchObject({ kind: 'hid', vendorId: 0x0fd9, productId: 0x0080, serial: 'CL12345' });
  });

  it.each([
    ['ttyUSB0', /must start with/],
    ['serial:ttyUSB0', /device path/],
    ['serial:/dev/ttyUSB0?baud=9601', /standard rate/],
    ['serial:/dev/ttyUSB0?speed=9600', /unknown serial setting "speed"/],
    ['tcp://10.0.0.5', /port is missing/],
    ['tcp://10.0.0.5:99999', /port/],
    ['hid:fd9:80', /hexadecimal/],
  ])('refuses %s with a reason', (text, reason) => {
    try {
      parseTarget(text);
      expect.unreachable();
    } catch (err) {
      expect(isScError(err, 'SC_ERR_TARGET_INVALID')).toBe(true);
      expect((err as Error).message).toMatch(reason);
    }
  });
});
