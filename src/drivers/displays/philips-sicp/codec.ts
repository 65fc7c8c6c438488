import type { Framer } from '../../../transports/index.js';

/** Philips / AG Neovo / iiyama SICP (displays.md §4). Pure functions. */
export const SICP = {
  ack: 0x06,
  nack: 0x15,
  nav: 0x18,
  powerSet: 0x18,
  powerGet: 0x19,
  inputSet: 0xac,
  inputGet: 0xad,
  volumeSet: 0x44,
  volumeGet: 0x45,
  muteSet: 0x47,
  muteGet: 0x46,
  /** Get, ASCII (rgon/philips_sicp_py_ha messages.py SERIAL_GET). */
  serialGet: 0x15,
  /** Get with a field: 0x00 model number, 0x01 firmware version (MODEL_INFO_GET); ASCII. */
  modelInfoGet: 0xa1,
  /** Get: one byte per sensor in °C, 0xFF = no sensor (TEMPERATURE_GET). */
  temperatureGet: 0x2f,
} as const;

function xor(bytes: Uint8Array, to: number): number {
  let x = 0;
  for (let i = 0; i < to; i++) x ^= bytes[i] ?? 0;
  return x;
}

/** `[size][monitor][group][cmd][data..][xor]`, size counting itself and the checksum. */
export function encodeSicp(monitor: number, group: number, cmd: number, data: readonly number[] = []): Buffer {
  const body = [data.length + 5, monitor, group, cmd, ...data];
  return Buffer.from([...body, xor(Uint8Array.from(body), body.length)]);
}

export interface SicpFrame {
  monitor: number;
  group: number;
  cmd: number;
  data: Buffer;
}

export function decodeSicp(frame: Buffer): SicpFrame | undefined {
  const size = frame[0] ?? 0;
  if (size < 5 || frame.length !== size || xor(frame, size - 1) !== frame[size - 1]) return undefined;
  return { monitor: frame[1] ?? 0, group: frame[2] ?? 0, cmd: frame[3] ?? 0, data: frame.subarray(4, size - 1) };
}

const MAX = 40;

function completeAt(buf: Buffer, at: number): boolean {
  const size = buf[at] ?? 0;
  return size >= 5 && size <= MAX && at + size <= buf.length && decodeSicp(buf.subarray(at, at + size)) !== undefined;
}

/**
 * SICP has no start byte: a frame is a size byte whose XOR checks. When the first candidate
 * is incomplete but a whole valid frame already sits later in the buffer, the first byte was
 * garbage (otherwise a stray size byte would stall the link until the next reply).
 */
export const sicpFramer: Framer = {
  name: 'philips-sicp',
  maxFrameBytes: MAX,
  scan(buf) {
    const size = buf[0] ?? 0;
    if (size < 5 || size > MAX) return { skip: 1 };
    if (buf.length >= size) return completeAt(buf, 0) ? { frame: size } : { skip: 1 };
    for (let i = 1; i < buf.length; i++) if (completeAt(buf, i)) return { skip: i };
    return 'more';
  },
};

/** Input source codes (§4.4). */
export const SICP_INPUTS: Readonly<Record<string, string>> = {
  hdmi1: '0D',
  hdmi2: '06',
  hdmi3: '0F',
  hdmi4: '19',
  dp1: '0A',
  dp2: '07',
  vga: '05',
  'dvi-d': '0E',
  ops: '0B',
  'usb-c': '1F',
  usb1: '0C',
  browser: '10',
  whiteboard: '1C',
  home: '1E',
  'screen-share': '26',
};
