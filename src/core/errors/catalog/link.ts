import type { ErrorTable } from '../spec.js';

/** Byte links (serial, TCP, UDP, HTTP, HID) and the devices at the end of them. */
export const linkErrors = {
  SC_ERR_TARGET_INVALID: {
    message: 'Target `{target}` is not valid: {reason}',
    kind: 'input',
    hint: 'Targets look like serial:/dev/ttyUSB0?baud=9600, tcp://10.0.0.5:1515, udp://10.0.0.6:52381, http://10.0.0.7/onvif/device_service or hid:0fd9:0080.',
    exit: 2,
    status: 400,
  },
  SC_ERR_SERIAL_OPEN: {
    message: 'Cannot open serial port {path}: {reason}',
    kind: 'link',
    hint: 'Check the cable and the port name (`classroom discover --serial`), and that this user is in the dialout group.',
  },
  SC_ERR_SERIAL_PERMISSION: {
    message: 'Permission denied on serial port {path}',
    kind: 'local',
    hint: 'Add the service user to the dialout group (usermod -aG dialout USER) and log in again.',
  },
  SC_ERR_SERIAL_TIMEOUT: {
    message: '{device}: no reply to {command} within {ms} ms (waited for {awaited})',
    kind: 'link',
    hint: 'Check that the device is powered, the cable is plugged in (a crossed/null-modem cable for most panels), and the baud rate and device ID match the device menu.',
    status: 504,
  },
  SC_ERR_TCP_TIMEOUT: {
    message: '{device}: no reply to {command} within {ms} ms (waited for {awaited})',
    kind: 'link',
    hint: 'The connection is open but the device is silent: check that its network control is enabled (on many panels a menu setting, off in standby), the device ID matches, and no other controller holds its only session.',
    status: 504,
  },
  SC_ERR_UDP_TIMEOUT: {
    message: '{device}: no reply to {command} within {ms} ms (waited for {awaited})',
    kind: 'link',
    hint: 'UDP has no connection, so a wrong address, a firewall or a device that is off all look the same: check the IP address and port (VISCA over IP: 52381), that the device is powered, and that UDP is allowed between here and there.',
    status: 504,
  },
  SC_ERR_HTTP_TIMEOUT: {
    message: '{device}: no reply to {command} within {ms} ms (waited for {awaited})',
    kind: 'link',
    hint: 'Check that the device is on the network and its web service is enabled (open the address in a browser on the same network); a device busy rebooting answers again within a minute.',
    status: 504,
  },
  SC_ERR_HID_TIMEOUT: {
    message: '{device}: no reply to {command} within {ms} ms (waited for {awaited})',
    kind: 'link',
    hint: 'Unplug the device and plug it in again (directly, not through an unpowered hub); if another program (the vendor app, a second agent) holds it, close that program.',
    status: 504,
  },
  SC_ERR_HTTP_TOO_LARGE: {
    message: '{device}: the answer to {command} is larger than {max} bytes; refused',
    kind: 'reply',
    hint: 'A device answers control requests with small documents; check that the target address is the device itself and not another web service.',
    status: 502,
  },
  SC_ERR_HTTP_REDIRECT: {
    message: '{device}: {command} was redirected (HTTP {status}) to {location}; redirects are not followed',
    kind: 'reply',
    hint: 'Put the final address in the target (often https:// instead of http://, or another port): the agent never lets a device send it elsewhere.',
    status: 502,
  },
  SC_ERR_TCP_CONNECT: {
    message: 'Cannot connect to {host}:{port}: {reason}',
    kind: 'link',
    hint: 'Check that the device is on the network, its control port is enabled, and no firewall is in the way.',
    status: 502,
  },
  SC_ERR_LINK_DOWN: {
    message: '{device}: link {target} is down ({reason})',
    kind: 'link',
    hint: 'The agent reconnects by itself; check power and cabling if it stays down.',
    status: 503,
  },
  SC_ERR_LINK_CLOSED: {
    message: '{device}: link closed while waiting for {awaited}',
    kind: 'link',
    status: 503,
  },
  SC_ERR_DEVICE_NAK: {
    message: '{device} refused {command}: {reason}',
    kind: 'refusal',
    hint: 'The device is answering but rejected this command; check the value and whether the device is in a state that allows it (powered, warmed up).',
    status: 409,
  },
  SC_ERR_DEVICE_REPLY_INVALID: {
    message: '{device}: unexpected reply to {command}: {detail}',
    kind: 'reply',
    status: 502,
  },
  SC_ERR_DEVICE_OFFLINE: {
    message: '{device} is offline: {reason}',
    kind: 'link',
    hint: 'Check power and cabling; the agent keeps retrying by itself.',
    status: 503,
  },
  SC_ERR_DEVICE_UNSUPPORTED: {
    message: '{device} does not support {capability}',
    kind: 'input',
    status: 400,
  },
  SC_ERR_DEVICE_ARGUMENT: {
    message: '{device}: invalid value for {command}: {detail}',
    kind: 'input',
    exit: 2,
    status: 400,
  },
  SC_ERR_DRIVER_UNKNOWN: {
    message: 'Unknown driver `{driver}`',
    kind: 'input',
    hint: 'Known drivers: {known}.',
    exit: 2,
    status: 400,
  },
  SC_ERR_PROFILE_INVALID: {
    message: 'Device profile {file} is invalid: {detail}',
    kind: 'input',
    exit: 2,
  },
  SC_ERR_AUTH_FAILED: {
    message: '{device}: the device refused the credentials ({detail})',
    kind: 'credentials',
    hint: 'Check the username and password configured for this device. The agent tries again after a pause that grows to several minutes (devices lock an account after repeated wrong logins).',
    status: 502,
  },
  SC_ERR_HID_PERMISSION: {
    message: 'HID device {id} exists but cannot be opened: {reason}',
    kind: 'local',
    hint: 'Install the udev rule (scripts/udev/50-smart-classroom.rules into /etc/udev/rules.d/, then `udevadm control --reload && udevadm trigger`) and add the service user to the plugdev group.',
  },
  SC_ERR_HID_NOT_FOUND: {
    message: 'No HID device matches {id}',
    kind: 'link',
    hint: 'Check the USB cable; `classroom discover --hid` lists what is plugged in.',
  },
} as const satisfies ErrorTable;
