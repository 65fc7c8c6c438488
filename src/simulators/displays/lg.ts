import { numberSetting, powerOn, warming, type PanelSimProtocol } from './sim-core.js';

/** LG ka/xb as a set speaks it (displays.md §2): `a 01 OK01x`, `NG00x` for bad values. */
const h2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');
const INPUTS = new Set([0x90, 0x91, 0x92, 0x93, 0xc0, 0xe0, 0x60, 0x20, 0x40, 0x00]);

export const lgSim: PanelSimProtocol = {
  name: 'lg',
  initialInput: 0x90,
  maxFrameBytes: 32,
  scan(buf) {
    const cr = buf.indexOf(0x0d);
    if (cr === -1) return buf.length > 32 ? { skip: 1 } : 'more';
    return { frame: cr + 1 };
  },
  handle(frame, ctx) {
    const m = /([a-z])([a-z]) ([0-9A-Fa-f]{2}) ([0-9A-Fa-f]{2})\r$/.exec(frame.toString('latin1'));
    if (m === null) return undefined;
    const [, , c2 = '', idText = '', dataText = ''] = m;
    const cmd = `${m[1] ?? ''}${c2}`;
    const myId = numberSetting(ctx.settings, 'setId', 1);
    const id = parseInt(idText, 16);
    if (id !== myId && id !== 0) return undefined;
    const data = parseInt(dataText, 16);
    const query = data === 0xff;
    const s = ctx.state;
    const ok = (v: number): Buffer => Buffer.from(`${c2} ${h2(myId)} OK${h2(v)}x`, 'latin1');
    const ng = (): Buffer => Buffer.from(`${c2} ${h2(myId)} NG00x`, 'latin1');
    const reply = (b: Buffer): Buffer | undefined => (id === 0 ? undefined : b);
    if (!s.power && cmd !== 'ka') return reply(ng());
    switch (cmd) {
      case 'ka':
        if (!query) {
          if (data === 1) powerOn(ctx);
          else if (data === 0) s.power = false;
          else return reply(ng());
        }
        return reply(ok(s.power ? 1 : 0));
      case 'xb':
        if (!query) {
          if (!INPUTS.has(data) || warming(ctx)) return reply(ng());
          s.input = data;
        }
        return reply(ok(s.input));
      case 'kf':
        if (!query) {
          if (data > 100) return reply(ng());
          s.volume = data;
        }
        return reply(ok(s.volume));
      case 'ke':
        // ke = "volume on": 00 means muted.
        if (!query) {
          if (data > 1) return reply(ng());
          s.muted = data === 0;
        }
        return reply(ok(s.muted ? 0 : 1));
      default:
        return reply(ng());
    }
  },
  describe: (settings) => [`protocol: LG RS-232C (ka/xb), set ID ${numberSetting(settings, 'setId', 1)} (--set setId=N)`],
};
