import { Type } from '@sinclair/typebox';
import { ScError } from '../../../core/errors/index.js';
import { hex, type Request } from '../../../transports/index.js';
import { hexCode, inputName, optNumber, type PanelContext, type PanelOps, type PanelProtocol } from '../panel-protocol.js';
import { NEWLINE_INPUTS, NL, decodeNewlineReply, encodeNewline, newlineFramer } from './codec.js';

/** "52/1F" -> select 0x52, read back as 0x1F. */
function splitCode(code: string): { set: number; query: number | undefined } {
  const [set = '', query] = code.split('/');
  return { set: hexCode(set), query: query === undefined || query === '' ? undefined : hexCode(query) };
}

function ops(ctx: PanelContext): PanelOps {
  // The panel has no absolute volume: step with 17/18 and read back with 33.
  const maxSteps = optNumber(ctx.options, 'maxVolumeSteps', 120);
  let commandedOff = false;

  function request(command: string, code: number): Request<number> {
    return {
      command,
      bytes: encodeNewline(code),
      awaited: `the reply 7F 09 .. 01 ${hex([code])} VV CF`,
      retries: code === NL.queryVolume || code === NL.querySource || code === NL.queryMute ? 1 : 0,
      match: (frame) => {
        const r = decodeNewlineReply(frame);
        return r === undefined || r.code !== code ? undefined : r.value;
      },
    };
  }
  const send = (command: string, code: number): Promise<number> => ctx.queue.request(request(command, code));

  async function setVolume(level: number): Promise<void> {
    const command = `volume ${level}`;
    let current = await send(`${command} (volume query)`, NL.queryVolume);
    for (let i = 0; current !== level; i++) {
      if (i >= maxSteps) throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: ctx.device, command: `volume ${level}`, detail: `volume stuck at ${current} after ${i} steps` });
      await send(`${command} (${current < level ? 'volume up' : 'volume down'})`, current < level ? NL.volumeUp : NL.volumeDown);
      const next = await send(`${command} (volume query)`, NL.queryVolume);
      // A panel muted by volume 0 or at its limit no longer moves: stop instead of looping.
      if (next === current) throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: ctx.device, command: `volume ${level}`, detail: `volume stays at ${current} after a step` });
      current = next;
    }
  }

  return {
    async setPower(on) {
      await send(`power ${on ? 'on' : 'off'}`, on ? NL.powerOn : NL.powerOff);
      commandedOff = !on;
    },
    async setInput(name, code) {
      await send(`input ${name}`, splitCode(code).set);
    },
    setVolume,
    async setMute(on) {
      const muted = (await send(`mute ${on ? 'on' : 'off'} (mute query)`, NL.queryMute)) === 1;
      // Only a toggle exists: toggle when the read-back state differs.
      if (muted !== on) await send(`mute ${on ? 'on' : 'off'}`, NL.muteToggle);
    },
    async status() {
      let source: number;
      try {
        source = await send('source query', NL.querySource);
      } catch (err) {
        // In standby the Android side that answers queries is off; only the MCU listens.
        if (commandedOff) return { power: 'standby' };
        throw err;
      }
      commandedOff = false;
      const volume = await send('volume query', NL.queryVolume);
      const muted = (await send('mute query', NL.queryMute)) === 1;
      const input = inputName(ctx.inputs, hex([source]), (code, read) => {
        const q = splitCode(code).query;
        return q !== undefined && q === hexCode(read);
      });
      return { power: 'on', input, volume, muted };
    },
  };
}

export const newline: PanelProtocol = {
  name: 'newline',
  description: 'Newline / Honghe (HHT) panels and OEM boards using the 7F 08 99 A2 B3 C4 protocol',
  framer: newlineFramer,
  defaultInputs: NEWLINE_INPUTS,
  optionsSchema: Type.Object({
    maxVolumeSteps: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, description: 'most volume up/down steps for one volume change' })),
  }),
  create: ops,
};
