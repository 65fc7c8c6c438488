import type { HidDeviceInfo } from '../../transports/hid/types.js';
import type { FakeHidBehaviour } from './fake-device.js';

/**
 * A V-USB "USBRelayN" board (16c0:05df) as the protocol notes describe it: feature report 0,
 * commands FF n (on), FD n (off), FE (all on), FC (all off), FA s1..s5 (set serial); reading
 * it returns the 5-character serial in bytes 0-4 and the relay bitmap in byte 7. node-hid
 * puts the report ID (0) in front of both directions.
 */
export class RelayBoardModel {
  bits = 0;
  serial: string;

  constructor(
    readonly channels: 1 | 2 | 4 | 8,
    serial = 'QWERT',
  ) {
    this.serial = serial.padEnd(5, '\0').slice(0, 5);
  }

  info(path: string): HidDeviceInfo {
    return {
      vendorId: 0x16c0,
      productId: 0x05df,
      path,
      manufacturer: 'www.dcttech.com',
      product: `USBRelay${String(this.channels)}`,
      // Many boards report no USB serial at all; the feature-report serial tells them apart.
      serialNumber: '',
      release: 0x0100,
      interface: 0,
      usagePage: 0xff00,
      usage: 1,
    };
  }

  isOn(channel: number): boolean {
    return (this.bits & (1 << (channel - 1))) !== 0;
  }

  behaviour(): FakeHidBehaviour {
    return {
      onSendFeature: (report) => {
        // Byte 0 is the report ID node-hid sends first; the board's command starts at byte 1.
        const [id = -1, cmd = 0, arg = 0] = report;
        if (id !== 0) throw new Error('relay board: only feature report 0 exists');
        const all = (1 << this.channels) - 1;
        if (cmd === 0xff && arg >= 1 && arg <= this.channels) this.bits |= 1 << (arg - 1);
        else if (cmd === 0xfd && arg >= 1 && arg <= this.channels) this.bits &= ~(1 << (arg - 1));
        else if (cmd === 0xfe) this.bits = all;
        else if (cmd === 0xfc) this.bits = 0;
        else if (cmd === 0xfa) this.serial = report.subarray(2, 7).toString('latin1');
        // Anything else is ignored, as the firmware does.
      },
      onGetFeature: (reportId, length) => {
        if (reportId !== 0) throw new Error('relay board: only feature report 0 exists');
        const out = Buffer.alloc(9);
        out.write(this.serial, 1, 'latin1');
        out[8] = this.bits;
        return out.subarray(0, Math.min(length, 9));
      },
    };
  }
}
