import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { ScError, messageOf } from '../../core/errors/index.js';
import { commonEnd, fillTemplate, matchTemplate, parseTemplate, templateLength, type ChecksumKind, type TemplateValue, type Token } from '../../core/hex-template.js';
import { powerOn, warming, type PanelSimProtocol, type SimContext } from './sim-core.js';

interface SimFrame {
  send: string;
  reply?: string | null;
  values?: Record<string, string>;
}

interface SimProfile {
  model: string;
  checksum?: ChecksumKind;
  checksumFrom?: number;
  nak?: string;
  inputs?: Record<string, string>;
  commands: Record<string, SimFrame | undefined>;
}

function devicesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'devices'))) return join(dir, 'devices');
    dir = dirname(dir);
  }
  return resolve('devices');
}

/** Reads a profile the way the simulator needs it (the driver validates profiles with its schema). */
export function readSimProfile(nameOrPath: string): SimProfile {
  const file = /[/.]/.test(nameOrPath) ? resolve(nameOrPath) : join(devicesDir(), `${nameOrPath}.yaml`);
  let value: unknown;
  try {
    value = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScError('SC_ERR_DISPLAY_PROFILE_NOT_FOUND', { profile: nameOrPath, reason: messageOf(err), known: 'see devices/' });
  }
  if (value === null || typeof value !== 'object' || !('commands' in value) || typeof value.commands !== 'object') {
    throw new ScError('SC_ERR_PROFILE_INVALID', { file, detail: 'a profile-driven panel needs commands' });
  }
  return value as SimProfile;
}

const byteOf = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

function parseNumber(text: string): number {
  return /^0x/i.test(text) ? parseInt(text, 16) : Number(text);
}

/** A panel that speaks whatever its profile says: the profile's send frames in, its replies out. */
export function profileSim(profile: SimProfile, name = 'profile'): PanelSimProtocol {
  const cs = profile.checksum ?? 'none';
  const csFrom = profile.checksumFrom ?? 0;
  const inputs = Object.entries(profile.inputs ?? {}).map(([n, code]) => [n, byteOf(code)] as const);
  const rawWidth = inputs[0]?.[1].length ?? 1;
  const sends = Object.entries(profile.commands).flatMap(([cmd, f]) => (f === undefined ? [] : [[cmd, parseTemplate(f.send), f] as const]));
  const end = commonEnd(sends.map(([, t]) => t));
  const lengths = new Set(sends.map(([, t]) => templateLength(t, rawWidth)));
  const fixed = lengths.size === 1 ? [...lengths][0] : undefined;

  function reply(ctx: SimContext, frame: SimFrame, values: Record<string, TemplateValue>): Buffer | undefined {
    if (typeof frame.reply !== 'string') return undefined;
    // `??` in a reply pattern: the real panel sends something we do not interpret; send 01.
    const tokens: Token[] = parseTemplate(frame.reply).map((t) => (t.kind === 'any' ? { kind: 'byte', value: 0x01 } : t));
    return fillTemplate(tokens, { id: Number(ctx.settings.id ?? 1), ...values }, cs, csFrom);
  }
  const nak = (ctx: SimContext): Buffer | undefined => (profile.nak === undefined ? undefined : reply(ctx, { send: '', reply: profile.nak }, {}));
  const meaning = (frame: SimFrame, key: string, fallback: number): number => (frame.values?.[key] === undefined ? fallback : parseNumber(frame.values[key] ?? ''));

  return {
    name,
    initialInput: 0,
    maxFrameBytes: 64,
    scan(buf) {
      if (end !== undefined) {
        const e = buf.indexOf(end);
        return e === -1 ? 'more' : { frame: e + 1 };
      }
      if (fixed !== undefined) return buf.length >= fixed ? { frame: fixed } : 'more';
      return { frame: buf.length };
    },
    handle(bytes, ctx) {
      const id = Number(ctx.settings.id ?? 1);
      const hit = sends.map(([cmd, t, f]) => [cmd, f, matchTemplate(t, bytes, { id }, { checksum: cs, checksumFrom: csFrom, rawWidth })] as const).find(([, , m]) => m !== undefined);
      if (hit === undefined) return nak(ctx);
      const [cmd, frame, got = {}] = hit;
      const s = ctx.state;
      if (!s.power && cmd !== 'powerOn' && cmd !== 'powerQuery') return nak(ctx);
      switch (cmd) {
        case 'powerOn':
          powerOn(ctx);
          return reply(ctx, frame, {});
        case 'powerOff':
          s.power = false;
          return reply(ctx, frame, {});
        case 'powerQuery':
          return reply(ctx, frame, { value: s.power ? meaning(frame, 'on', 1) : meaning(frame, 'off', 0) });
        case 'input': {
          const code = got.input ?? got.value;
          const read = Buffer.isBuffer(code) ? code : Buffer.from([code ?? -1]);
          const index = inputs.findIndex(([, c]) => c.equals(read));
          if (index === -1 || warming(ctx)) return nak(ctx);
          s.input = index;
          return reply(ctx, frame, {});
        }
        case 'inputQuery': {
          const code = inputs[s.input]?.[1] ?? Buffer.from([0]);
          return reply(ctx, frame, { input: code, value: code[0] ?? 0 });
        }
        case 'volume': {
          const v = got.value;
          if (typeof v !== 'number' || v > 100) return nak(ctx);
          s.volume = v;
          return reply(ctx, frame, { value: v });
        }
        case 'volumeQuery':
          return reply(ctx, frame, { value: s.volume });
        case 'muteOn':
        case 'muteOff':
          s.muted = cmd === 'muteOn';
          return reply(ctx, frame, {});
        case 'muteQuery':
          return reply(ctx, frame, { value: s.muted ? meaning(frame, 'on', 1) : meaning(frame, 'off', 0) });
        default:
          return nak(ctx);
      }
    },
    describe: () => [`protocol: profile-driven (${profile.model})`],
  };
}
