/**
 * USB HID relay boards (V-USB "USBRelayN", 16c0:05df), from the protocol notes (hid.md §3,
 * after pyhid-usb-relay): everything is feature report 0 with an 8-byte payload. node-hid
 * wants the report ID as the first byte of what it sends, so each report here is 9 bytes.
 */
export const RELAY_VENDOR_ID = 0x16c0;
export const RELAY_PRODUCT_ID = 0x05df;
export const RELAY_REPORT_LENGTH = 9;

const CMD_ON = 0xff;
const CMD_OFF = 0xfd;
const CMD_ALL_ON = 0xfe;
const CMD_ALL_OFF = 0xfc;

export interface RelayReport {
  /** The board's own 5-character serial (settable; many boards share the USB serial). */
  serial: string;
  /** states[i] is relay i+1. */
  states: boolean[];
}

function report(cmd: number, arg = 0): Buffer {
  const out = Buffer.alloc(RELAY_REPORT_LENGTH);
  out[1] = cmd;
  out[2] = arg;
  return out;
}

/** `00 FF n 00..` turns relay n on, `00 FD n 00..` turns it off (n from 1). */
export function encodeRelaySet(channel: number, on: boolean): Buffer {
  if (!Number.isInteger(channel) || channel < 1 || channel > 8) throw new RangeError(`relay channel ${String(channel)} is not 1-8`);
  return report(on ? CMD_ON : CMD_OFF, channel);
}

export function encodeRelayAll(on: boolean): Buffer {
  return report(on ? CMD_ALL_ON : CMD_ALL_OFF);
}

/** "USBRelay4" -> 4; anything else (another V-USB gadget on the shared id) -> undefined. */
export function relayChannelsFromProduct(product: string | undefined): number | undefined {
  const m = /^USBRelay(\d)$/.exec((product ?? '').trim());
  if (m === null) return undefined;
  const n = Number(m[1]);
  return n >= 1 && n <= 8 ? n : undefined;
}

/**
 * Decodes a GET_REPORT answer. On Linux (hidraw and libusb) node-hid returns the report ID
 * first, then the 8 payload bytes; a backend that strips the ID returns 8 bytes. Anything
 * shorter is a malformed answer and returns undefined rather than a guess.
 */
export function decodeRelayReport(buf: Buffer, channels: number): RelayReport | undefined {
  let payload: Buffer;
  if (buf.length >= 9 && buf[0] === 0) payload = buf.subarray(1, 9);
  else if (buf.length === 8) payload = buf;
  else return undefined;
  const serial = payload.subarray(0, 5).toString('latin1').replace(/\0+$/, '').replace(/[^\x20-\x7e]/g, '?');
  const bits = payload[7] ?? 0;
  const states = Array.from({ length: channels }, (_, i) => (bits & (1 << i)) !== 0);
  return { serial, states };
}
