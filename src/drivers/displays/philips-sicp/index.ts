import { Type } from '@sinclair/typebox';
import { hex, type Request } from '../../../transports/index.js';
import { asciiOf, badReply, hexCode, inputName, nak, optNumber, sameHex, type PanelContext, type PanelOps, type PanelProtocol } from '../panel-protocol.js';
import { SICP, SICP_INPUTS, decodeSicp, encodeSicp, sicpFramer } from './codec.js';

function ops(ctx: PanelContext): PanelOps {
  const monitor = optNumber(ctx.options, 'id', 1);
  const group = optNumber(ctx.options, 'group', 0);
  const mine = (m: number): boolean => monitor === 0 || m === monitor;

  function set(command: string, cmd: number, data: number[]): Request<true> {
    return {
      command,
      bytes: encodeSicp(monitor, group, cmd, data),
      awaited: `an SICP ACK (cmd 00 data 06) from monitor ${monitor}`,
      match: (frame) => {
        const f = decodeSicp(frame);
        if (f === undefined || f.cmd !== 0x00 || !mine(f.monitor)) return undefined;
        const code = f.data[0];
        if (code === SICP.ack) return true;
        if (code === SICP.nav) throw nak(ctx.device, command, 'NAV (not available on this model or in this state)');
        if (code === SICP.nack) throw nak(ctx.device, command, 'NACK (checksum or format error)');
        throw badReply(ctx.device, command, `communication control data ${hex(f.data)}`);
      },
    };
  }

  function get(command: string, cmd: number, data: number[] = []): Request<Buffer> {
    return {
      command,
      bytes: encodeSicp(monitor, group, cmd, data),
      awaited: `an SICP data report for ${hex([cmd])} from monitor ${monitor}`,
      retries: 1,
      match: (frame) => {
        const f = decodeSicp(frame);
        if (f === undefined || !mine(f.monitor)) return undefined;
        if (f.cmd === 0x00 && f.data[0] !== SICP.ack) throw nak(ctx.device, command, f.data[0] === SICP.nav ? 'NAV (not available)' : 'NACK');
        if (f.cmd !== cmd || f.data.length === 0) return undefined;
        return f.data;
      },
    };
  }

  const run = async (r: Request<true>): Promise<void> => {
    await ctx.queue.request(r);
  };
  const read = async (command: string, cmd: number): Promise<number> => (await ctx.queue.request(get(command, cmd)))[0] ?? 0;

  return {
    setPower: (on) => run(set(`power ${on ? 'on' : 'off'}`, SICP.powerSet, [on ? 0x02 : 0x01])),
    // source, playlist 0, OSD style 1 (show), effect 0
    setInput: (name, code) => run(set(`input ${name}`, SICP.inputSet, [hexCode(code), 0x00, 0x01, 0x00])),
    setVolume: (level) => run(set(`volume ${level}`, SICP.volumeSet, [level, level])),
    setMute: (on) => run(set(`mute ${on ? 'on' : 'off'}`, SICP.muteSet, [on ? 1 : 0])),
    async status() {
      const power = await readPower();
      if (power !== 'on') return { power };
      const input = await readInput();
      const volume = await read('volume query', SICP.volumeGet);
      const mute = await read('mute query', SICP.muteGet);
      return { power, input, volume, muted: mute === 1 };
    },
    readPower,
    readInput,
    healthReads: [
      { fact: 'serial', once: true, read: async () => asciiOf(await ctx.queue.request(get('serial number query', SICP.serialGet))) },
      { fact: 'model', once: true, read: async () => asciiOf(await ctx.queue.request(get('model number query', SICP.modelInfoGet, [0x00]))) },
      { fact: 'firmware', once: true, read: async () => asciiOf(await ctx.queue.request(get('firmware version query', SICP.modelInfoGet, [0x01]))) },
      // Several sensors on some models: the first one present.
      { fact: 'temperatureC', once: false, read: async () => [...(await ctx.queue.request(get('temperature query', SICP.temperatureGet)))].find((t) => t !== 0xff) },
    ],
  };

  async function readPower(): Promise<'on' | 'off'> {
    return (await read('power query', SICP.powerGet)) === 0x02 ? 'on' : 'off';
  }

  async function readInput(): Promise<string> {
    return inputName(ctx.inputs, hex([await read('input query', SICP.inputGet)]), sameHex);
  }
}

export const philipsSicp: PanelProtocol = {
  name: 'philips-sicp',
  description: 'Philips, AG Neovo and iiyama displays (SICP over RS-232 or TCP 5000)',
  framer: sicpFramer,
  defaultInputs: SICP_INPUTS,
  defaultTcpPort: 5000,
  optionsSchema: Type.Object({
    id: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, description: 'monitor ID (1-255; 0 = broadcast)' })),
    group: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, description: 'group ID (0 = not using groups)' })),
  }),
  create: ops,
};
