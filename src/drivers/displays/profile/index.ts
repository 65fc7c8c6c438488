import { Type } from '@sinclair/typebox';
import { ScError } from '../../../core/errors/index.js';
import { commonEnd, commonStart, fillTemplate, matchTemplate, parseTemplate, templateLength, type ChecksumKind, type TemplateValue, type Token } from '../../../core/hex-template.js';
import { delimiterFramer, fromHex, hex, rawFramer, type Framer } from '../../../transports/index.js';
import type { PowerState } from '../../capabilities.js';
import { nak, optNumber, type PanelContext, type PanelOps, type PanelProtocol, type PanelStatus } from '../panel-protocol.js';
import type { PanelProfile, ProfileCommands, ProfileFrame } from '../profile-schema.js';

type CommandName = keyof ProfileCommands;

function replyTemplates(profile: PanelProfile): Token[][] {
  const out: Token[][] = [];
  for (const frame of Object.values(profile.commands ?? {}) as (ProfileFrame | undefined)[]) {
    if (typeof frame?.reply === 'string') out.push(parseTemplate(frame.reply));
  }
  if (profile.nak !== undefined) out.push(parseTemplate(profile.nak));
  return out;
}

function rawWidth(profile: PanelProfile | undefined): number {
  const first = Object.values(profile?.inputs ?? {})[0];
  return first === undefined ? 1 : fromHex(first).length;
}

/** Reply framing from the profile: an explicit end byte or length, else what every reply pattern shares. */
export function profileFramer(profile: PanelProfile | undefined): Framer {
  if (profile === undefined) return rawFramer;
  const replies = replyTemplates(profile);
  const start = commonStart(replies);
  const end = profile.replyEnd !== undefined ? parseInt(profile.replyEnd, 16) : commonEnd(replies);
  if (end !== undefined) return delimiterFramer({ end, ...(start === undefined ? {} : { start }), maxFrameBytes: 128, name: 'profile' });
  const lengths = new Set(replies.map((r) => templateLength(r, rawWidth(profile))));
  const length = profile.replyLength ?? (lengths.size === 1 ? [...lengths][0] : undefined);
  if (length === undefined) return rawFramer;
  return {
    name: 'profile-fixed',
    maxFrameBytes: length * 4,
    scan(buf) {
      if (start !== undefined && buf[0] !== start) {
        const s = buf.indexOf(start);
        return { skip: s === -1 ? buf.length : s };
      }
      return buf.length >= length ? { frame: length } : 'more';
    },
  };
}

/** "1", "0x01", "on": what a captured value means, per the frame's `values`. */
function meaning(frame: ProfileFrame, value: TemplateValue | undefined): string | undefined {
  if (value === undefined || frame.values === undefined) return undefined;
  for (const [name, text] of Object.entries(frame.values)) {
    const expected = Buffer.isBuffer(value) ? hex(value) === hex(fromHex(text)) : (/^0x/i.test(text) ? parseInt(text, 16) : Number(text)) === value;
    if (expected) return name;
  }
  return undefined;
}

function ops(ctx: PanelContext): PanelOps {
  const profile = ctx.profile;
  if (profile?.commands === undefined) {
    throw new ScError('SC_ERR_USAGE', { detail: `${ctx.device}: the profile driver needs a profile with commands (--set profile=NAME or profile: in the room config)` });
  }
  const commands = profile.commands;
  const cs = (profile.checksum ?? 'none') as ChecksumKind;
  const csFrom = profile.checksumFrom ?? 0;
  const id = optNumber(ctx.options, 'id', 1);
  const nakTokens = profile.nak === undefined ? undefined : parseTemplate(profile.nak);
  const width = rawWidth(profile);

  async function run(name: CommandName, command: string, values: Record<string, TemplateValue> = {}): Promise<Record<string, TemplateValue> | undefined> {
    const frame = commands[name];
    if (frame === undefined) throw new ScError('SC_ERR_DISPLAY_NOT_SUPPORTED', { device: ctx.device, protocol: profile?.model ?? 'profile', action: command, reason: `the profile has no ${name} frame` });
    const bytes = fillTemplate(parseTemplate(frame.send), { id, ...values }, cs, csFrom);
    if (typeof frame.reply !== 'string') {
      await ctx.queue.send(command, bytes);
      return undefined;
    }
    const reply = parseTemplate(frame.reply);
    return ctx.queue.request({
      command,
      bytes,
      awaited: `a reply matching "${frame.reply}"`,
      retries: name.endsWith('Query') ? 1 : 0,
      match: (received) => {
        const got = matchTemplate(reply, received, { id }, { checksum: cs, checksumFrom: csFrom, rawWidth: width });
        if (got !== undefined) return got;
        if (nakTokens !== undefined && matchTemplate(nakTokens, received, { id }, { checksum: cs, checksumFrom: csFrom }) !== undefined) {
          throw nak(ctx.device, command, `the panel answered ${hex(received)} (the profile's NAK)`);
        }
        return undefined;
      },
    });
  }

  const query = async (name: CommandName, command: string): Promise<{ frame: ProfileFrame; value: TemplateValue | undefined } | undefined> => {
    const frame = commands[name];
    if (frame === undefined || typeof frame.reply !== 'string') return undefined;
    const got = await run(name, command);
    return { frame, value: got?.value ?? got?.input };
  };

  return {
    setPower: async (on) => void (await run(on ? 'powerOn' : 'powerOff', `power ${on ? 'on' : 'off'}`)),
    setInput: async (name, code) => void (await run('input', `input ${name}`, { input: fromHex(code) })),
    setVolume: async (level) => void (await run('volume', `volume ${level}`, { value: level })),
    setMute: async (on) => void (await run(on ? 'muteOn' : 'muteOff', `mute ${on ? 'on' : 'off'}`)),
    async status() {
      const out: PanelStatus = {};
      const power = await query('powerQuery', 'power query');
      if (power !== undefined) {
        const m = meaning(power.frame, power.value);
        out.power = (m === 'on' || m === 'off' || m === 'standby' ? m : power.value === 1 ? 'on' : 'unknown') as PowerState;
        if (out.power !== 'on') return out;
      }
      const input = await query('inputQuery', 'input query');
      if (input?.value !== undefined) {
        const v = input.value;
        const read = Buffer.isBuffer(v) ? v : Buffer.from([v]);
        out.input = [...ctx.inputs].find(([, code]) => fromHex(code).equals(read))?.[0] ?? `code-${hex(read).replace(/ /g, '')}`;
      }
      const volume = await query('volumeQuery', 'volume query');
      if (typeof volume?.value === 'number') out.volume = volume.value;
      const mute = await query('muteQuery', 'mute query');
      if (mute !== undefined) out.muted = meaning(mute.frame, mute.value) === 'on' || mute.value === 1;
      return out;
    },
  };
}

export const profileProtocol: PanelProtocol = {
  name: 'profile',
  description: 'a panel described only as data: frames, checksum and inputs in a devices/*.yaml profile (MAXHUB and others)',
  framer: rawFramer,
  framerFor: profileFramer,
  defaultInputs: {},
  optionsSchema: Type.Object({
    id: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, description: 'the value of {id} in the profile frames' })),
  }),
  create: ops,
};
