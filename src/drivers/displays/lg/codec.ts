import type { Framer } from '../../../transports/index.js';

/** LG RS-232C "ka" protocol (displays.md §2): ASCII commands, `x`-terminated replies. Pure. */
export function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** `ka 01 01\r`: two command letters, space, set ID, space, data, CR. */
export function encodeLg(cmd: string, setId: number, data: number | 'query'): Buffer {
  return Buffer.from(`${cmd} ${hex2(setId)} ${data === 'query' ? 'FF' : hex2(data)}\r`, 'latin1');
}

export interface LgReply {
  /** Only the second command letter is echoed. */
  cmd2: string;
  setId: number;
  ok: boolean;
  data: number;
}

const REPLY = /^([a-z]) ([0-9A-Fa-f]{2}) (OK|NG)([0-9A-Fa-f]{2,})x$/;
const REPLY_ANYWHERE = /[a-z] [0-9A-Fa-f]{2} (OK|NG)[0-9A-Fa-f]{2,}x/;

export function decodeLgReply(frame: Buffer): LgReply | undefined {
  const m = REPLY.exec(frame.toString('latin1'));
  if (m === null) return undefined;
  const [, cmd2 = '', id = '', status = '', data = ''] = m;
  return { cmd2, setId: parseInt(id, 16), ok: status === 'OK', data: parseInt(data.slice(-2), 16) };
}

/** Finds a whole `a 01 OK01x` anywhere in the buffer; what precedes it is garbage. */
export const lgFramer: Framer = {
  name: 'lg',
  maxFrameBytes: 64,
  scan(buf) {
    const m = REPLY_ANYWHERE.exec(buf.toString('latin1'));
    if (m === null) return buf.length > 64 ? { skip: 1 } : 'more';
    return m.index > 0 ? { skip: m.index } : { frame: m[0].length };
  },
};

/** `xb` input codes (§2.3). */
export const LG_INPUTS: Readonly<Record<string, string>> = {
  hdmi1: '90',
  hdmi2: '91',
  hdmi3: '92',
  hdmi4: '93',
  dp: 'C0',
  'usb-c': 'E0',
  'rgb-pc': '60',
  av1: '20',
  component1: '40',
  dtv: '00',
};
