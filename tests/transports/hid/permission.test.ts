import { describe, expect, it } from 'vitest';
import { diagnoseOpenError, type PermissionProbe } from '../../../src/transports/hid/permission.js';
import type { HidDeviceInfo } from '../../../src/transports/hid/types.js';

const deck: HidDeviceInfo = { vendorId: 0x0fd9, productId: 0x0080, path: '/dev/hidraw0', product: 'Stream Deck MK.2', serialNumber: 'A1', release: 1, interface: 0 };

function probe(accessError?: string): PermissionProbe {
  return {
    access: async () => {
      if (accessError !== undefined) throw Object.assign(new Error(accessError), { code: accessError.split(':')[0] });
    },
    describe: async () => 'uid 0 gid 0 mode 0600',
  };
}

describe('diagnoseOpenError', () => {
  it('hidapi saying "Permission denied" gives the udev rule and the node owner', async () => {
    const err = await diagnoseOpenError(deck, new Error("cannot open device with path /dev/hidraw0: Failed to open a device with path '/dev/hidraw0': Permission denied"), probe("EACCES: permission denied, access '/dev/hidraw0'"));
    expect(err.code).toBe('SC_ERR_HID_PERMISSION');
    expect(err.message).toBe(
      'HID device hid:0fd9:0080/A1 (Stream Deck MK.2) exists but cannot be opened: permission denied on /dev/hidraw0 (uid 0 gid 0 mode 0600); install scripts/udev/50-smart-classroom.rules into /etc/udev/rules.d/ (it contains: KERNEL=="hidraw*", ATTRS{idVendor}=="0fd9", MODE="0660", GROUP="plugdev"), run `sudo udevadm control --reload && sudo udevadm trigger`, replug the device and add the service user to the plugdev group',
    );
  });

  it('an older hidapi that only says "cannot open" is diagnosed from the node itself', async () => {
    const err = await diagnoseOpenError(deck, new Error('cannot open device with path /dev/hidraw0'), probe("EACCES: permission denied, access '/dev/hidraw0'"));
    expect(err.code).toBe('SC_ERR_HID_PERMISSION');
  });

  it('a device that vanished is "not found", anything else a plain open error', async () => {
    expect((await diagnoseOpenError(deck, new Error("Failed to open a device with path '/dev/hidraw0': No such file or directory"), probe())).code).toBe('SC_ERR_HID_NOT_FOUND');
    const busy = await diagnoseOpenError(deck, new Error('cannot open device with path /dev/hidraw0: Device or resource busy'), probe());
    expect(busy.code).toBe('SC_ERR_HID_OPEN');
    expect(busy.message).toMatch(/Device or resource busy/);
  });

  it('macOS/Windows style paths are not probed on the filesystem', async () => {
    let probed = false;
    const p: PermissionProbe = { access: async () => void (probed = true), describe: async () => undefined };
    const err = await diagnoseOpenError({ ...deck, path: 'IOService:/AppleACPIPlatformExpert/XHC1@14' }, new Error('cannot open device'), p);
    expect(probed).toBe(false);
    expect(err.code).toBe('SC_ERR_HID_OPEN');
  });
});
