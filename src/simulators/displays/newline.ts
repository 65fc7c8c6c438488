import { powerOn, warming, type PanelSimProtocol } from './sim-core.js';

/** The Newline / HHT panel protocol (displays.md §5.1). Standby: only the MCU answers (power on). */
const HEADER = Buffer.from([0x7f, 0x08, 0x99, 0xa2, 0xb3, 0xc4, 0x02, 0xff, 0x01]);
const reply = (code: number, value: number): Buffer => Buffer.from([0x7f, 0x09, 0x99, 0xa2, 0xb3, 0xc4, 0x02, 0xff, 0x01, code, value, 0xcf]);
// select code -> the code the source query answers with
const SOURCES: ReadonlyMap<number, number> = new Map([
  [0x52, 0x1f],
  [0x53, 0x1e],
  [0x54, 0x18],
  [0x55, 0x17],
  [0x0a, 0x19],
  [0x56, 0x20],
  [0x51, 0x22],
  [0x38, 0x16],
  [0x1c, 0x30],
]);

export const newlineSim: PanelSimProtocol = {
  name: 'newline',
  initialInput: 0x1f,
  maxFrameBytes: 32,
  scan(buf) {
    const start = buf.indexOf(HEADER);
    if (start === -1) return buf.length > 32 ? { skip: 1 } : 'more';
    if (start > 0) return { skip: start };
    if (buf.length < 11) return 'more';
    return buf[10] === 0xcf ? { frame: 11 } : { skip: 1 };
  },
  handle(bytes, ctx) {
    const code = bytes[9] ?? 0;
    const s = ctx.state;
    if (!s.power) {
      if (code !== 0x00) return undefined;
      powerOn(ctx);
      return reply(code, 0x01);
    }
    switch (code) {
      case 0x00:
        return reply(code, 0x01);
      case 0x01:
        s.power = false;
        return reply(code, 0x01);
      case 0x02:
        s.muted = !s.muted;
        return reply(code, 0x01);
      case 0x17:
        s.volume = Math.max(0, s.volume - 1);
        return reply(code, 0x01);
      case 0x18:
        s.volume = Math.min(100, s.volume + 1);
        return reply(code, 0x01);
      case 0x33:
        return reply(code, s.volume);
      case 0x50:
        return reply(code, s.input);
      case 0x82:
        return reply(code, s.muted ? 1 : 0);
      default: {
        const source = SOURCES.get(code);
        // The protocol has no NAK: an unknown or refused code is simply not answered.
        if (source === undefined || warming(ctx)) return undefined;
        s.input = source;
        return reply(code, 0x01);
      }
    }
  },
  describe: () => ['protocol: Newline / HHT 7F 08 99 A2 B3 C4 (no absolute volume: steps of 1)'],
};
