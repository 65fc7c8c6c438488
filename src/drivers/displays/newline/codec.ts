import type { Framer } from '../../../transports/index.js';

/** Newline / Honghe "7F 08 99 A2 B3 C4" protocol (displays.md §5.1). Pure functions. */
const CMD_HEADER = [0x7f, 0x08, 0x99, 0xa2, 0xb3, 0xc4, 0x02, 0xff, 0x01];
const REPLY_HEADER = Buffer.from([0x7f, 0x09, 0x99, 0xa2, 0xb3, 0xc4, 0x02, 0xff, 0x01]);
const TRAILER = 0xcf;
export const NEWLINE_REPLY_LENGTH = 12;

export const NL = { powerOn: 0x00, powerOff: 0x01, muteToggle: 0x02, volumeDown: 0x17, volumeUp: 0x18, queryVolume: 0x33, querySource: 0x50, queryMute: 0x82 } as const;

export function encodeNewline(code: number): Buffer {
  return Buffer.from([...CMD_HEADER, code, TRAILER]);
}

export function decodeNewlineReply(frame: Buffer): { code: number; value: number } | undefined {
  if (frame.length !== NEWLINE_REPLY_LENGTH || !frame.subarray(0, 9).equals(REPLY_HEADER) || frame[11] !== TRAILER) return undefined;
  return { code: frame[9] ?? 0, value: frame[10] ?? 0 };
}

/** Looks for the fixed reply header; everything before it is garbage. */
export const newlineFramer: Framer = {
  name: 'newline',
  maxFrameBytes: 64,
  scan(buf) {
    const start = buf.indexOf(REPLY_HEADER);
    if (start === -1) {
      // Keep a possible partial header at the end; drop the rest.
      const partial = buf.lastIndexOf(0x7f);
      if (partial === -1) return { skip: buf.length };
      return partial > 0 ? { skip: partial } : buf.length >= REPLY_HEADER.length ? { skip: 1 } : 'more';
    }
    if (start > 0) return { skip: start };
    if (buf.length < NEWLINE_REPLY_LENGTH) return 'more';
    return buf[11] === TRAILER ? { frame: NEWLINE_REPLY_LENGTH } : { skip: 1 };
  },
};

/**
 * Inputs as `SET/QUERY`: the code that selects a source differs from the code the source query
 * answers with (§5.1). `home` shows the Android launcher (query answers 30, "smart system").
 */
export const NEWLINE_INPUTS: Readonly<Record<string, string>> = {
  hdmi1: '52/1F',
  hdmi2: '53/1E',
  hdmi3: '54/18',
  hdmi4: '55/17',
  'hdmi-front': '0A/19',
  dp: '56/20',
  'usb-c': '51/22',
  ops: '38/16',
  home: '1C/30',
};
