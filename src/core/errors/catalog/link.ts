import type { ErrorTable } from '../spec.js';

/** Byte links (serial, TCP, UDP, HTTP, HID) and the devices at the end of them. */
export const linkErrors = {
  SC_ERR_TARGET_INVALID: {
    message: 'Target `{target}` is not valid: {reason}',
    hint: 'Targets look like serial:/dev/ttyUSB0?baud=9600, tcp://10.0.0.5:1515, udp://10.0.0.6:52381, http://10.0.0.7/onvif/device_service or hid:0fd9:0080.',
    exit: 2,
    status: 400,
  },
  SC_ERR_SERIAL_OPEN: {
    message: 'Cannot open serial port {path}: {reason}',
    hint: 'Check the cable and the port name (`classroom discover --serial`), and that this user is in the dialout group.',
  },
  SC_ERR_SERIAL_PERMISSION: {
    message: 'Permission denied on serial port {path}',
    hint: 'Add the service user to the dialout group (usermod -aG dialout USER) and log in again.',
  },
  SC_ERR_SERIAL_TIMEOUT: {
    message: '{device}: no reply to {command} within {ms} ms (waited for {awaited})',
    hint: 'Check that the device is powered, the cable is plugged in (a crossed/null-modem cable for most panels), and the baud rate and device ID match the device menu.',
    status: 504,
  },
  SC_ERR_TCP_CONNECT: {
    message: 'Cannot connect to {host}:{port}: {reason}',
    hint: 'Check that the device is on the network, its control port is enabled, and no firewall is in the way.',
    status: 502,
  },
  SC_ERR_LINK_DOWN: {
    message: '{device}: link {target} is down ({reason})',
    hint: 'The agent reconnects by itself; check power and cabling if it stays down.',
    status: 503,
  },
  SC_ERR_LINK_CLOSED: {
    message: '{device}: link closed while waiting for {awaited}',
    status: 503,
  },
  SC_ERR_DEVICE_NAK: {
    message: '{device} refused {command}: {reason}',
    hint: 'The device is answering but rejected this command; check the value and whether the device is in a state that allows it (powered, warmed up).',
    status: 409,
  },
  SC_ERR_DEVICE_REPLY_INVALID: {
    message: '{device}: unexpected reply to {command}: {detail}',
    status: 502,
  },
  SC_ERR_DEVICE_OFFLINE: {
    message: '{device} is offline: {reason}',
    hint: 'Check power and cabling; the agent keeps retrying by itself.',
    status: 503,
  },
  SC_ERR_DEVICE_UNSUPPORTED: {
    message: '{device} does not support {capability}',
    status: 400,
  },
  SC_ERR_DEVICE_ARGUMENT: {
    message: '{device}: invalid value for {command}: {detail}',
    exit: 2,
    status: 400,
  },
  SC_ERR_DRIVER_UNKNOWN: {
    message: 'Unknown driver `{driver}`',
    hint: 'Known drivers: {known}.',
    exit: 2,
    status: 400,
  },
  SC_ERR_PROFILE_INVALID: {
    message: 'Device profile {file} is invalid: {detail}',
    exit: 2,
  },
  SC_ERR_AUTH_FAILED: {
    message: '{device}: the device refused the credentials ({detail})',
    hint: 'Check the username and password configured for this device.',
    status: 502,
  },
  SC_ERR_HID_PERMISSION: {
    message: 'HID device {id} exists but cannot be opened: {reason}',
    hint: 'Install the udev rule (scripts/udev/50-smart-classroom.rules into /etc/udev/rules.d/, then `udevadm control --reload && udevadm trigger`) and add the service user to the plugdev group.',
  },
  SC_ERR_HID_NOT_FOUND: {
    message: 'No HID device matches {id}',
    hint: 'Check the USB cable; `classroom discover --hid` lists what is plugged in.',
  },
} as const satisfies ErrorTable;
