import { numberSetting, powerOn, warming, type PanelSimProtocol, type SimContext } from './sim-core.js';

/** Samsung MDC as a display speaks it (displays.md §1): ACK with the value, NAK with a code. */
const sum = (bytes: number[]): number => bytes.reduce((a, b) => a + b, 0) & 0xff;

function reply(id: number, ack: boolean, cmd: number, data: number[]): Buffer {
  const body = [0xff, id, data.length + 2, ack ? 0x41 : 0x4e, cmd, ...data];
  return Buffer.from([0xaa, ...body, sum(body)]);
}

const VALID_INPUTS = new Set([0x14, 0x18, 0x0c, 0x08, 0x20, 0x21, 0x23, 0x31, 0x33, 0x25, 0x26, 0x27, 0x55, 0x40, 0x61, 0x62, 0x64, 0x65]);

export const mdcSim: PanelSimProtocol = {
  name: 'samsung-mdc',
  initialInput: 0x21,
  maxFrameBytes: 260,
  scan(buf) {
    const start = buf.indexOf(0xaa);
    if (start !== 0) return { skip: start === -1 ? buf.length : start };
    if (buf.length < 4) return 'more';
    const total = (buf[3] ?? 0) + 5;
    if (buf.length < total) return 'more';
    return sum([...buf.subarray(1, total - 1)]) === buf[total - 1] ? { frame: total } : { skip: 1 };
  },
  handle(frame, ctx: SimContext) {
    const myId = numberSetting(ctx.settings, 'id', 1);
    const [, cmd = 0, id = 0, len = 0] = frame;
    // 0xFE broadcasts are obeyed but never answered; other IDs belong to other panels on the chain.
    if (id !== myId && id !== 0xfe) return undefined;
    const value = frame[4];
    const s = ctx.state;
    const r = (ack: boolean, data: number[]): Buffer | undefined => (id === 0xfe ? undefined : reply(myId, ack, cmd, data));
    if (!s.power && cmd !== 0x11 && cmd !== 0x00) return r(false, [0x01]);
    switch (cmd) {
      case 0x00:
        return r(true, [s.power ? 1 : 0, s.volume, s.muted ? 1 : 0, s.input, 0x10, 0, 0]);
      case 0x11:
        if (len === 0) return r(true, [s.power ? 1 : 0]);
        if (value === 1) powerOn(ctx);
        else if (value === 0) s.power = false;
        else return r(false, [0x01]);
        return r(true, [s.power ? 1 : 0]);
      case 0x12:
        if (len > 0) {
          if (value === undefined || value > 100) return r(false, [0x01]);
          s.volume = value;
        }
        return r(true, [s.volume]);
      case 0x13:
        if (len > 0) {
          if (value !== 0 && value !== 1) return r(false, [0x01]);
          s.muted = value === 1;
        }
        return r(true, [s.muted ? 1 : 0]);
      case 0x14:
        if (len > 0) {
          if (value === undefined || !VALID_INPUTS.has(value) || warming(ctx)) return r(false, [0x01]);
          s.input = value;
        }
        return r(true, [s.input]);
      // Health facts (vgavro/samsung-mdc): serial, software version, model name, error status with the temperature.
      case 0x0b:
        return r(true, [...Buffer.from('SIMMDC0000001', 'latin1')]);
      case 0x0e:
        return r(true, [...Buffer.from('S-SIM-1.0', 'latin1')]);
      case 0x8a:
        return r(true, [...Buffer.from('QB65R (simulated)', 'latin1')]);
      case 0x0d:
        return r(true, [0x00, 0x00, 0x02, 0x00, 41, 0x02]);
      default:
        return r(false, [0x02]);
    }
  },
  describe: (settings) => [`protocol: Samsung MDC, display ID ${numberSetting(settings, 'id', 1)} (--set id=N)`],
};
