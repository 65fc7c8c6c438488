import { numberSetting, powerOn, warming, type PanelSimProtocol } from './sim-core.js';

/** SICP as a Philips / AG Neovo / iiyama display speaks it (displays.md §4). */
function frame(monitor: number, cmd: number, data: number[]): Buffer {
  const body = [data.length + 5, monitor, 0, cmd, ...data];
  return Buffer.from([...body, body.reduce((a, b) => a ^ b, 0)]);
}

const INPUTS = new Set([0x0d, 0x06, 0x0f, 0x19, 0x0a, 0x07, 0x05, 0x0e, 0x0b, 0x1f, 0x0c, 0x10, 0x1c, 0x1e, 0x26]);

export const sicpSim: PanelSimProtocol = {
  name: 'philips-sicp',
  initialInput: 0x0d,
  maxFrameBytes: 40,
  scan(buf) {
    const size = buf[0] ?? 0;
    if (size < 5 || size > 40) return { skip: 1 };
    if (buf.length < size) return 'more';
    return buf.subarray(0, size - 1).reduce((a, b) => a ^ b, 0) === buf[size - 1] ? { frame: size } : { skip: 1 };
  },
  handle(bytes, ctx) {
    const me = numberSetting(ctx.settings, 'id', 1);
    const monitor = bytes[1] ?? 0;
    if (monitor !== me && monitor !== 0) return undefined;
    const cmd = bytes[3] ?? 0;
    const data = [...bytes.subarray(4, bytes.length - 1)];
    const s = ctx.state;
    const reply = (b: Buffer): Buffer | undefined => (monitor === 0 ? undefined : b);
    const ack = (code: number): Buffer | undefined => reply(frame(me, 0x00, [code]));
    const report = (d: number[]): Buffer | undefined => reply(frame(me, cmd, d));
    if (!s.power && cmd !== 0x18 && cmd !== 0x19) return ack(0x18);
    switch (cmd) {
      case 0x18:
        if (data[0] === 0x02) powerOn(ctx);
        else if (data[0] === 0x01) s.power = false;
        else return ack(0x15);
        return ack(0x06);
      case 0x19:
        return report([s.power ? 0x02 : 0x01]);
      case 0xac:
        if (data[0] === undefined || !INPUTS.has(data[0]) || warming(ctx)) return ack(0x18);
        s.input = data[0];
        return ack(0x06);
      case 0xad:
        return report([s.input, 0x00, 0x01, 0x00]);
      case 0x44:
        if (data[0] === undefined || data[0] > 100) return ack(0x18);
        s.volume = data[0];
        return ack(0x06);
      case 0x45:
        return report([s.volume, s.volume]);
      case 0x47:
        if (data[0] !== 0 && data[0] !== 1) return ack(0x15);
        s.muted = data[0] === 1;
        return ack(0x06);
      case 0x46:
        return report([s.muted ? 1 : 0]);
      // Health facts (rgon/philips_sicp_py_ha): serial, model / firmware by field, temperature sensors.
      case 0x15:
        return report([...Buffer.from('SIMSICP000001', 'latin1')]);
      case 0xa1:
        return report([...Buffer.from(data[0] === 0x01 ? 'FB 1.204' : '65BDL (simulated)', 'latin1')]);
      case 0x2f:
        return report([39, 0xff]);
      default:
        return ack(0x18);
    }
  },
  describe: (settings) => [`protocol: Philips SICP, monitor ID ${numberSetting(settings, 'id', 1)} (--set id=N)`],
};
