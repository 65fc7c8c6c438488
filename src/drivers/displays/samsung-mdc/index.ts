import { Type } from '@sinclair/typebox';
import { hex, type Request } from '../../../transports/index.js';
import { asciiOf, badReply, hexCode, inputName, nak, optNumber, sameHex, type PanelContext, type PanelOps, type PanelProtocol, type PanelStatus } from '../panel-protocol.js';
import { MDC, MDC_INPUTS, MDC_INPUT_ALIASES, decodeMdcReply, encodeMdc, mdcFramer } from './codec.js';

function ops(ctx: PanelContext): PanelOps {
  const id = optNumber(ctx.options, 'id', 1);
  const cmdName: Record<number, string> = {
    [MDC.status]: 'status',
    [MDC.power]: 'power',
    [MDC.volume]: 'volume',
    [MDC.mute]: 'mute',
    [MDC.input]: 'input',
    [MDC.serial]: 'serial number',
    [MDC.errorStatus]: 'error status',
    [MDC.softwareVersion]: 'software version',
    [MDC.modelName]: 'model name',
  };
  const text = async (command: string, cmd: number): Promise<string | undefined> => asciiOf(await ctx.queue.request(request(command, cmd, [])));

  function request(command: string, cmd: number, data: number[]): Request<Buffer> {
    return {
      command,
      bytes: encodeMdc(cmd, id, data),
      awaited: `an MDC ACK for ${cmdName[cmd] ?? hex([cmd])} (AA FF ${hex([id])} .. 41 ${hex([cmd])})`,
      retries: data.length === 0 ? 1 : 0,
      match: (frame) => {
        const reply = decodeMdcReply(frame);
        if (reply === undefined || reply.cmd !== cmd || reply.id !== id) return undefined;
        if (!reply.ok) throw nak(ctx.device, command, `NAK with error code 0x${hex([reply.error])}`);
        return reply.data;
      },
    };
  }

  async function set(command: string, cmd: number, value: number): Promise<void> {
    const data = await ctx.queue.request(request(command, cmd, [value]));
    if (data[0] !== value) throw badReply(ctx.device, command, `the panel reports ${String(data[0])} after setting ${value}`);
  }

  return {
    setPower: (on) => set(`power ${on ? 'on' : 'off'}`, MDC.power, on ? 1 : 0),
    setInput: (name, code) => set(`input ${name}`, MDC.input, hexCode(code)),
    setVolume: (level) => set(`volume ${level}`, MDC.volume, level),
    setMute: (on) => set(`mute ${on ? 'on' : 'off'}`, MDC.mute, on ? 1 : 0),
    // One STATUS query returns power, volume, mute and input together: it is the narrow read too.
    readPower: async () => (await status()).power ?? 'unknown',
    readInput: async () => (await status()).input ?? 'unknown',
    setsConfirm: true,
    status,
    // MDC has no operating-hours command; the temperature is the fifth byte of ERROR_STATUS.
    healthReads: [
      { fact: 'serial', once: true, read: () => text('serial number query', MDC.serial) },
      { fact: 'model', once: true, read: () => text('model name query', MDC.modelName) },
      { fact: 'firmware', once: true, read: () => text('software version query', MDC.softwareVersion) },
      { fact: 'temperatureC', once: false, read: async () => (await ctx.queue.request(request('error status query', MDC.errorStatus, [])))[4] },
    ],
  };

  async function status(): Promise<PanelStatus> {
    const d = await ctx.queue.request(request('status query', MDC.status, []));
    if (d.length < 4) throw badReply(ctx.device, 'status query', `${d.length} data bytes, expected 7 (${hex(d)})`);
    const code = d[3] ?? 0;
    const canonical = MDC_INPUT_ALIASES[code] ?? code;
    return {
      power: d[0] === 1 ? 'on' : 'off',
      volume: d[1] ?? 0,
      // 0xFF = no mute on this model: report unmuted rather than invent a state.
      muted: d[2] === 1,
      input: inputName(ctx.inputs, hex([canonical]), sameHex),
    };
  }
}

export const samsungMdc: PanelProtocol = {
  name: 'samsung-mdc',
  description: 'Samsung signage and interactive displays (MDC over RS-232 or TCP 1515)',
  framer: mdcFramer,
  defaultInputs: MDC_INPUTS,
  defaultTcpPort: 1515,
  optionsSchema: Type.Object({
    id: Type.Optional(Type.Integer({ minimum: 0, maximum: 253, description: 'the display ID set in the panel menu (0-253)' })),
  }),
  create: ops,
};
