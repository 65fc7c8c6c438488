import type { ErrorTable } from '../spec.js';

/** Codes specific to hid drivers (generic link and device codes are in link.ts). */
export const hidErrors = {
  SC_ERR_HID_UNAVAILABLE: {
    message: 'USB HID support (node-hid) cannot be loaded on this machine: {reason}',
    kind: 'local',
    hint: 'Reinstall the agent package for this CPU and operating system; node-hid ships prebuilt binaries for Linux x64 and arm64.',
  },
  SC_ERR_HID_OPEN: {
    message: 'HID device {id} cannot be opened: {reason}',
    kind: 'local',
    hint: 'Another program (the Stream Deck app, a second agent) may hold the device; unplug and replug it, then try again.',
  },
  SC_ERR_HID_MODEL: {
    message: 'HID device {id} is not a device the {driver} driver can run: {reason}',
    kind: 'input',
    hint: '`classroom discover --hid` lists each device with the drivers that can run it.',
    exit: 2,
    status: 400,
  },
} as const satisfies ErrorTable;
