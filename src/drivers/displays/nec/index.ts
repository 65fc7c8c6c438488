import { Type } from '@sinclair/typebox';
import type { Request } from '../../../transports/index.js';
import { asciiOf, badReply, hexCode, inputName, nak, optNumber, sameHex, type PanelContext, type PanelHealthRead, type PanelOps, type PanelProtocol } from '../panel-protocol.js';
import { NEC_INPUTS, NEC_OP, decodeNec, encodeNec, hex4, monitorLetter, necFramer, parseParamReply, type NecType } from './codec.js';

const POWER_STATES: Readonly<Record<string, 'on' | 'standby' | 'off'>> = { '1': 'on', '2': 'standby', '3': 'standby', '4': 'off' };

function ops(ctx: PanelContext): PanelOps {
  const id = optNumber(ctx.options, 'id', 1);
  const letter = String.fromCharCode(monitorLetter(id));
  // Unverified: NEC manuals and AVCoders use 2 = unmute, PlaceOS uses 0.
  const muteOff = optNumber(ctx.options, 'muteOffValue', 2);

  function request<T>(command: string, type: NecType, message: string, replyType: string, parse: (message: string) => T | undefined, awaited: string): Request<T> {
    return {
      command,
      bytes: encodeNec(id, type, message),
      awaited: `${awaited} (type ${replyType} from monitor ${letter})`,
      retries: type === 'C' || message === '01D6' ? 1 : 0,
      match: (frame) => {
        const f = decodeNec(frame);
        if (f === undefined || f.type !== replyType || f.src !== letter) return undefined;
        return parse(f.message);
      },
    };
  }

  function param(command: string, type: 'C' | 'E', op: number, value?: number): Request<number> {
    const opcode = hex4(op);
    return request(command, type, value === undefined ? opcode : `${opcode}${hex4(value)}`, type === 'C' ? 'D' : 'F', (message) => {
      const p = parseParamReply(message);
      if (p === undefined || p.opcode !== opcode) return undefined;
      // BE = busy (the panel is switching or warming up); anything but 00 = refused.
      if (p.result !== '00') throw nak(ctx.device, command, p.result.toUpperCase() === 'BE' ? 'busy (BE)' : `result ${p.result} (unsupported operation)`);
      return p.value;
    }, `the ${type === 'C' ? 'get' : 'set'} reply for op-code ${opcode}`);
  }

  async function setParam(command: string, op: number, value: number): Promise<void> {
    const v = await ctx.queue.request(param(command, 'E', op, value));
    if (v !== value) throw badReply(ctx.device, command, `the panel reports ${v} after setting ${value}`);
  }
  const getParam = (command: string, op: number): Promise<number> => ctx.queue.request(param(command, 'C', op));

  return {
    async setPower(on) {
      const command = `power ${on ? 'on' : 'off'}`;
      await ctx.queue.request(
        request(command, 'A', `C203D6000${on ? '1' : '4'}`, 'B', (m) => {
          if (!/C203D6/i.test(m)) return undefined;
          if (!m.startsWith('00')) throw nak(ctx.device, command, `result ${m.slice(0, 2)}`);
          return true;
        }, 'the power control reply'),
      );
    },
    setInput: (name, code) => setParam(`input ${name}`, NEC_OP.input, hexCode(code)),
    setVolume: (level) => setParam(`volume ${level}`, NEC_OP.volume, level),
    setMute: (on) => setParam(`mute ${on ? 'on' : 'off'}`, NEC_OP.mute, on ? 1 : muteOff),
    async status() {
      const power = await readPower();
      if (power !== 'on') return { power };
      const input = await readInput();
      const volume = await getParam('volume query', NEC_OP.volume);
      const mute = await getParam('mute query', NEC_OP.mute);
      return { power, input, volume, muted: mute === 1 };
    },
    readPower,
    readInput,
    setsConfirm: true,
    healthReads: healthReads(),
  };

  /** A command message (type A) whose reply text starts with `prefix`; `parse` gets the rest. */
  function info<T>(command: string, text: string, prefix: string, parse: (rest: string) => T): Promise<T> {
    return ctx.queue.request(request(command, 'A', text, 'B', (m) => (m.toUpperCase().startsWith(prefix) ? parse(m.slice(prefix.length)) : undefined), `the ${prefix} reply`));
  }

  /**
   * NEC PD SDK (NECDisplaySolutions/necpdsdk nec_pd_sdk.py, constants.py): serial C216 -> C316
   * and model C217 -> C317 carry ASCII as hex pairs; firmware CA02 + type -> CB02 + result +
   * type + plain ASCII; total operating time op-code 00FA counts half hours; temperature:
   * select sensor 1 with 0278, read 0279 in half degrees Celsius.
   */
  function healthReads(): PanelHealthRead[] {
    const hexText = (rest: string): string => asciiOf(Buffer.from(rest.replace(/[^0-9A-Fa-f]/g, ''), 'hex')) ?? '';
    return [
      { fact: 'serial', once: true, read: () => info('serial number read', 'C216', 'C316', hexText) },
      { fact: 'model', once: true, read: () => info('model name read', 'C217', 'C317', hexText) },
      {
        fact: 'firmware',
        once: true,
        read: () =>
          info('firmware version read', 'CA0200', 'CB02', (rest) => {
            if (!rest.startsWith('00')) throw nak(ctx.device, 'firmware version read', `result ${rest.slice(0, 2)}`);
            return asciiOf(Buffer.from(rest.slice(4), 'latin1')) ?? '';
          }),
      },
      { fact: 'operatingHours', once: false, read: async () => (await getParam('total operating time', NEC_OP.operatingHalfHours)) / 2 },
      {
        fact: 'temperatureC',
        once: false,
        read: async () => {
          await setParam('temperature sensor select', NEC_OP.temperatureSelect, 1);
          return (await getParam('temperature read', NEC_OP.temperature)) / 2;
        },
      },
    ];
  }

  function readPower(): Promise<'on' | 'standby' | 'off' | 'unknown'> {
    return ctx.queue.request(
      request('power query', 'A', '01D6', 'B', (m) => {
        if (m.slice(4, 6).toUpperCase() !== 'D6') return undefined;
        if (m.slice(2, 4) !== '00') throw nak(ctx.device, 'power query', `result ${m.slice(2, 4)}`);
        return POWER_STATES[m.slice(-1)] ?? 'unknown';
      }, 'the power status reply'),
    );
  }

  async function readInput(): Promise<string> {
    const input = await getParam('input query', NEC_OP.input);
    return inputName(ctx.inputs, input.toString(16).padStart(2, '0'), sameHex);
  }
}

export const nec: PanelProtocol = {
  name: 'nec',
  description: 'Sharp NEC large-format displays (external control over RS-232 or TCP 7142)',
  framer: necFramer,
  defaultInputs: NEC_INPUTS,
  defaultTcpPort: 7142,
  // The NEC external control manual (3.1 Communication timing): "The packet interval needs to be
  // longer than 600msec". 620 leaves room for timer granularity; a model that needs more sets minGapMs.
  minGapMs: 620,
  optionsSchema: Type.Object({
    id: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'monitor ID (1 = A)' })),
    muteOffValue: Type.Optional(Type.Union([Type.Literal(0), Type.Literal(2)], { description: 'op-code 008D value for unmute: 2 (NEC manual, AVCoders) or 0 (PlaceOS); unverified' })),
  }),
  create: ops,
};
