import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listSerialPorts } from '../../src/transports/index.js';
import { discoverSerial } from '../../src/discovery/serial.js';
import { tempDir, type TempDir } from '../helpers/index.js';
import { log } from './helpers.js';

/** A fake /dev and /sys/class/tty with one FTDI adapter and one virtual console. */
function fakeTree(root: string): { dev: string; sys: string } {
  const dev = join(root, 'dev');
  const sys = join(root, 'sys', 'class', 'tty');
  const usbDev = join(root, 'sys', 'devices', 'usb1', '1-1');
  const iface = join(usbDev, '1-1:1.0');
  mkdirSync(join(dev, 'serial', 'by-id'), { recursive: true });
  mkdirSync(iface, { recursive: true });
  writeFileSync(join(usbDev, 'idVendor'), '0403\n');
  writeFileSync(join(usbDev, 'idProduct'), '6001\n');
  writeFileSync(join(usbDev, 'manufacturer'), 'FTDI\n');
  writeFileSync(join(usbDev, 'serial'), 'A10K1234\n');
  mkdirSync(join(sys, 'ttyUSB0'), { recursive: true });
  symlinkSync(iface, join(sys, 'ttyUSB0', 'device'));
  mkdirSync(join(sys, 'tty1'), { recursive: true });
  writeFileSync(join(dev, 'ttyUSB0'), '');
  symlinkSync(join(dev, 'ttyUSB0'), join(dev, 'serial', 'by-id', 'usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0'));
  return { dev, sys };
}

describe('serial port listing', () => {
  let tmp: TempDir | undefined;
  afterEach(() => tmp?.remove());

  it('lists from /dev/serial/by-id and /sys/class/tty when udevadm is missing', async () => {
    tmp = tempDir('sc-list-');
    const { dev, sys } = fakeTree(tmp.path);
    const { ports, notes } = await listSerialPorts({ devDir: dev, sysDir: sys, useUdev: false });
    expect(ports).toEqual([
      {
        path: join(dev, 'serial', 'by-id', 'usb-FTDI_FT232R_USB_UART_A10K1234-if00-port0'),
        device: join(dev, 'ttyUSB0'),
        source: 'sysfs',
        vendorId: '0403',
        productId: '6001',
        manufacturer: 'FTDI',
        serialNumber: 'A10K1234',
      },
    ]);
    expect(notes.join(' ')).toMatch(/udevadm is not installed/);
  });

  it('does not crash with an empty PATH (no udevadm) on the real machine', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const result = await discoverSerial({ log, timeoutMs: 1000 });
      expect(Array.isArray(result.devices)).toBe(true);
      expect(result.notes.join(' ')).toMatch(/udevadm is not installed/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
