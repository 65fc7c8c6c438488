import { numberSetting, powerOn, warming, type PanelSimProtocol, type SimContext } from './sim-core.js';

/** NEC external control as a monitor speaks it (displays.md §3). */
const h = (n: number, w: number): string => n.toString(16).toUpperCase().padStart(w, '0');

function frame(src: string, type: string, message: string): Buffer {
  const len = h(message.length + 2, 2);
  const body = Buffer.from(`0${'0'}${src}${type}${len}\x02${message}\x03`, 'latin1');
  let x = 0;
  for (const b of body) x ^= b;
  return Buffer.concat([Buffer.from([0x01]), body, Buffer.from([x, 0x0d])]);
}

const INPUTS = new Set([0x01, 0x03, 0x04, 0x05, 0x0f, 0x11, 0x12, 0x82, 0x83, 0x87, 0x0d]);

function param(ctx: SimContext, op: number, value: number | undefined): { result: string; max: number; value: number } {
  const s = ctx.state;
  const muteOff = numberSetting(ctx.settings, 'muteOffValue', 2);
  const bad = { result: '01', max: 0, value: 0 };
  if (!s.power) return { result: 'BE', max: 0, value: 0 };
  if (op === 0x0060) {
    if (value !== undefined) {
      if (!INPUTS.has(value)) return bad;
      if (warming(ctx)) return { result: 'BE', max: 0, value: 0 };
      s.input = value;
    }
    return { result: '00', max: 0x88, value: s.input };
  }
  if (op === 0x0062) {
    if (value !== undefined) {
      if (value > 100) return bad;
      s.volume = value;
    }
    return { result: '00', max: 100, value: s.volume };
  }
  // Health facts (NEC PD SDK op-codes): total operating time in half hours, temperature sensor 1 in half degrees.
  if (op === 0x00fa && value === undefined) return { result: '00', max: 0xffff, value: 2 * 2180 };
  if (op === 0x0278) return { result: '00', max: 1, value: 1 };
  if (op === 0x0279 && value === undefined) return { result: '00', max: 0xffff, value: 2 * 36 };
  if (op === 0x008d) {
    if (value !== undefined) {
      if (value !== 1 && value !== muteOff) return bad;
      s.muted = value === 1;
    }
    return { result: '00', max: 2, value: s.muted ? 1 : muteOff };
  }
  return bad;
}

export const necSim: PanelSimProtocol = {
  name: 'nec',
  initialInput: 0x11,
  maxFrameBytes: 128,
  scan(buf) {
    const start = buf.indexOf(0x01);
    if (start !== 0) return { skip: start === -1 ? buf.length : start };
    const cr = buf.indexOf(0x0d);
    return cr === -1 ? 'more' : { frame: cr + 1 };
  },
  handle(bytes, ctx) {
    // SOH '0' dest '0' type len(2) STX message ETX BCC CR
    if (bytes.length < 11 || bytes[0] !== 0x01 || bytes[1] !== 0x30 || bytes[3] !== 0x30 || bytes[7] !== 0x02 || bytes[bytes.length - 3] !== 0x03) return undefined;
    const dest = String.fromCharCode(bytes[2] ?? 0);
    const type = String.fromCharCode(bytes[4] ?? 0);
    if (type !== 'A' && type !== 'C' && type !== 'E') return undefined;
    const message = bytes.subarray(8, bytes.length - 3).toString('latin1');
    if (!/^[0-9A-F]*$/.test(message)) return undefined;
    const bccChar = String.fromCharCode(bytes[bytes.length - 2] ?? 0);
    let x = 0;
    for (const b of bytes.subarray(1, bytes.length - 2)) x ^= b;
    if (x !== bccChar.charCodeAt(0)) return undefined;
    const me = String.fromCharCode(0x40 + numberSetting(ctx.settings, 'id', 1));
    if (dest !== me && dest !== '*') return undefined;
    const reply = (t: string, msg: string): Buffer | undefined => (dest === '*' ? undefined : frame(me, t, msg));
    const s = ctx.state;
    if (type === 'A' && message === '01D6') return reply('B', `0200D6000004000${s.power ? '1' : '4'}`);
    if (type === 'A' && message.startsWith('C203D6')) {
      const v = message.slice(-1);
      if (v === '1') powerOn(ctx);
      else if (v === '4') s.power = false;
      else return reply('B', `01C203D6000${v}`);
      return reply('B', `00C203D6000${v}`);
    }
    const ascii = (text: string): string => [...Buffer.from(text, 'latin1')].map((b) => h(b, 2)).join('');
    if (type === 'A' && message === 'C216') return reply('B', `C316${ascii('SIMNEC00001')}`);
    if (type === 'A' && message === 'C217') return reply('B', `C317${ascii('P435 (simulated)')}`);
    if (type === 'A' && message === 'CA0200') return reply('B', 'CB020000R3.200');
    if (type === 'C' || type === 'E') {
      const op = parseInt(message.slice(0, 4), 16);
      const value = type === 'E' ? parseInt(message.slice(4, 8), 16) : undefined;
      const p = param(ctx, op, value);
      return reply(type === 'C' ? 'D' : 'F', `${p.result}${h(op, 4)}00${h(p.max, 4)}${h(p.value, 4)}`);
    }
    return undefined;
  },
  describe: (settings) => [`protocol: NEC external control, monitor ID ${numberSetting(settings, 'id', 1)} (--set id=N)`],
};
