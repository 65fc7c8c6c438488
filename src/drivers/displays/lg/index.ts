import { Type } from '@sinclair/typebox';
import type { Request } from '../../../transports/index.js';
import { hexCode, inputName, nak, optNumber, sameHex, type PanelContext, type PanelOps, type PanelProtocol } from '../panel-protocol.js';
import { LG_INPUTS, decodeLgReply, encodeLg, hex2, lgFramer } from './codec.js';

function ops(ctx: PanelContext): PanelOps {
  const setId = optNumber(ctx.options, 'setId', optNumber(ctx.options, 'id', 1));
  // Unverified per model: LG's `ke` value means "volume on", so 00 = muted on most sets.
  const muteOnValue = optNumber(ctx.options, 'muteOnValue', 0);

  function request(command: string, cmd: string, data: number | 'query'): Request<number> {
    const cmd2 = cmd[1] ?? '';
    return {
      command,
      bytes: encodeLg(cmd, setId, data),
      awaited: `"${cmd2} ${hex2(setId)} OK..x"`,
      retries: data === 'query' ? 1 : 0,
      match: (frame) => {
        const r = decodeLgReply(frame);
        if (r === undefined || r.cmd2 !== cmd2 || (setId !== 0 && r.setId !== setId)) return undefined;
        if (!r.ok) throw nak(ctx.device, command, `NG${hex2(r.data)} (${r.data === 0 ? 'illegal code' : 'refused'})`);
        return r.data;
      },
    };
  }

  const q = (command: string, cmd: string): Promise<number> => ctx.queue.request(request(command, cmd, 'query'));
  const set = async (command: string, cmd: string, value: number): Promise<void> => {
    await ctx.queue.request(request(command, cmd, value));
  };

  return {
    setPower: (on) => set(`power ${on ? 'on' : 'off'}`, 'ka', on ? 1 : 0),
    setInput: (name, code) => set(`input ${name}`, 'xb', hexCode(code)),
    setVolume: (level) => set(`volume ${level}`, 'kf', level),
    setMute: (on) => set(`mute ${on ? 'on' : 'off'}`, 'ke', on ? muteOnValue : 1 - muteOnValue),
    async status() {
      const power = await readPower();
      if (power !== 'on') return { power };
      const input = await readInput();
      const volume = await q('volume query', 'kf');
      const mute = await q('mute query', 'ke');
      return { power, input, volume, muted: mute === muteOnValue };
    },
    readPower,
    readInput,
  };

  async function readPower(): Promise<'on' | 'off'> {
    return (await q('power query', 'ka')) === 1 ? 'on' : 'off';
  }

  async function readInput(): Promise<string> {
    return inputName(ctx.inputs, hex2(await q('input query', 'xb')), sameHex);
  }
}

export const lg: PanelProtocol = {
  name: 'lg',
  description: 'LG signage, TVs and monitors (RS-232C ka/xb protocol; some models on TCP 9761)',
  framer: lgFramer,
  defaultInputs: LG_INPUTS,
  defaultTcpPort: 9761,
  optionsSchema: Type.Object({
    setId: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, description: 'the Set ID in the panel menu (1-99)' })),
    id: Type.Optional(Type.Integer({ minimum: 0, maximum: 99, description: 'same as setId' })),
    muteOnValue: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(1)], { description: 'ke data that means muted: 0 (LG: value = volume on) or 1 (unverified per model)' })),
  }),
  create: ops,
};
