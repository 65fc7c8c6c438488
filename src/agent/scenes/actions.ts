import { ScError } from '../../core/errors/index.js';
import type { Capability } from '../../drivers/capabilities.js';
import type { Driver } from '../../drivers/driver.js';
import type { StepArgs } from '../config.js';

/** `name`: a name or number, as written in YAML (`preset: 3`, `preset: board`, `input: hdmi2`). */
type ArgKind = 'string' | 'number' | 'boolean' | 'name';

/** What an action string in a scene (or from the wall panel or the fleet) does to a device. */
export interface ActionSpec {
  /** The capability it needs; `undefined` for a plain pause (`wait` with ms). */
  capability?: Capability;
  args: Readonly<Record<string, { kind: ArgKind; required: boolean }>>;
  run(driver: Driver, args: StepArgs, ctx: ActionContext): Promise<void>;
}

export interface ActionContext {
  device: string;
  /** Aborted when the step times out or the agent stops: waits give up then. */
  signal: AbortSignal;
  /** Pause between reads while waiting for a device to reach a state. */
  waitPollMs: number;
}

function need<T>(value: T | undefined, device: string, capability: Capability): T {
  if (value === undefined) throw new ScError('SC_ERR_DEVICE_UNSUPPORTED', { device, capability });
  return value;
}

const str = (args: StepArgs, key: string): string => String(args[key]);
const num = (args: StepArgs, key: string): number => Number(args[key]);

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new ScError('SC_ERR_ABORTED', { what: 'wait' }));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new ScError('SC_ERR_ABORTED', { what: 'wait' }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads the panel's power until it is `on` (warm): `warming` means not yet; `off` will never get there. */
async function untilWarm(driver: Driver, ctx: ActionContext): Promise<void> {
  const power = need(driver.power, ctx.device, 'power');
  for (;;) {
    const state = await power.query();
    if (state === 'on') return;
    if (state === 'off' || state === 'standby' || state === 'cooling') {
      throw new ScError('SC_ERR_AGENT_WAIT_FAILED', { device: ctx.device, until: 'warm', reason: `power is ${state}` });
    }
    await sleep(ctx.waitPollMs, ctx.signal);
  }
}

/** Reads PTZ status until the camera stands still (at the named preset, when one is given). */
async function untilPresetReached(driver: Driver, args: StepArgs, ctx: ActionContext): Promise<void> {
  const ptz = need(driver.ptz, ctx.device, 'ptz');
  const wanted = args.preset === undefined ? undefined : str(args, 'preset');
  for (;;) {
    const status = await ptz.status();
    const preset = driver.state().preset;
    if (!status.moving && (wanted === undefined || preset === undefined || preset === wanted)) return;
    await sleep(ctx.waitPollMs, ctx.signal);
  }
}

const WAIT_UNTIL = ['warm', 'preset-reached'] as const;

export const ACTIONS: Readonly<Record<string, ActionSpec>> = {
  'power.on': { capability: 'power', args: {}, run: (d, _a, c) => need(d.power, c.device, 'power').on() },
  'power.off': { capability: 'power', args: {}, run: (d, _a, c) => need(d.power, c.device, 'power').off() },
  'input.select': {
    capability: 'input',
    args: { input: { kind: 'name', required: true } },
    run: (d, a, c) => need(d.input, c.device, 'input').select(str(a, 'input')),
  },
  'volume.set': {
    capability: 'volume',
    args: { level: { kind: 'number', required: true } },
    run: (d, a, c) => need(d.volume, c.device, 'volume').set(num(a, 'level')),
  },
  'volume.mute': {
    capability: 'volume',
    args: { on: { kind: 'boolean', required: false } },
    run: (d, a, c) => need(d.volume, c.device, 'volume').mute(a.on !== false),
  },
  'volume.unmute': { capability: 'volume', args: {}, run: (d, _a, c) => need(d.volume, c.device, 'volume').mute(false) },
  'preset.goto': {
    capability: 'presets',
    args: { preset: { kind: 'name', required: true } },
    run: (d, a, c) => need(d.presets, c.device, 'presets').goto(str(a, 'preset')),
  },
  'ptz.home': { capability: 'ptz', args: {}, run: (d, _a, c) => need(d.ptz, c.device, 'ptz').home() },
  'ptz.stop': { capability: 'ptz', args: {}, run: (d, _a, c) => need(d.ptz, c.device, 'ptz').stop() },
  'recorder.start': { capability: 'recorder', args: {}, run: (d, _a, c) => need(d.recorder, c.device, 'recorder').start() },
  'recorder.stop': { capability: 'recorder', args: {}, run: (d, _a, c) => need(d.recorder, c.device, 'recorder').stop() },
  'recorder.pause': { capability: 'recorder', args: {}, run: (d, _a, c) => need(d.recorder, c.device, 'recorder').pause() },
  'recorder.chapter': { capability: 'recorder', args: {}, run: (d, _a, c) => need(d.recorder, c.device, 'recorder').chapter() },
  'relay.set': {
    capability: 'relay',
    args: { channel: { kind: 'number', required: true }, on: { kind: 'boolean', required: true } },
    run: (d, a, c) => need(d.relay, c.device, 'relay').set(num(a, 'channel'), a.on === true),
  },
  // A keypad key that switches a relay on and off again (the lamp, the projector screen).
  'relay.toggle': {
    capability: 'relay',
    args: { channel: { kind: 'number', required: true } },
    run: async (d, a, c) => {
      const relay = need(d.relay, c.device, 'relay');
      const channel = num(a, 'channel');
      const now = await relay.query();
      await relay.set(channel, now[channel - 1] !== true);
    },
  },
};

export const ACTION_NAMES: readonly string[] = [...Object.keys(ACTIONS), 'wait'];

/** The capability a `wait` step needs from its device, if any. */
export function waitCapability(args: StepArgs): Capability | undefined {
  if (args.until === 'warm') return 'power';
  if (args.until === 'preset-reached') return 'ptz';
  return undefined;
}

/**
 * Problems with an action and its arguments, as sentences for a config line or a 400 reply.
 * `capabilities` is undefined when the device's driver is not known (checked at run time then).
 */
export function checkAction(action: string, args: StepArgs, device: string | undefined, capabilities: readonly Capability[] | undefined): string[] {
  const problems: string[] = [];
  if (action === 'wait') {
    const until = args.until;
    if (until === undefined && typeof args.ms !== 'number') problems.push('wait needs args.ms (a number of ms) or args.until (warm or preset-reached)');
    if (until !== undefined && !(WAIT_UNTIL as readonly unknown[]).includes(until)) problems.push(`args.until is ${JSON.stringify(until)}, expected one of: ${WAIT_UNTIL.join(', ')}`);
    if (until !== undefined && device === undefined) problems.push(`wait until ${String(until)} needs a device`);
    const cap = waitCapability(args);
    if (cap !== undefined && capabilities !== undefined && !capabilities.includes(cap)) problems.push(`device ${String(device)} has no ${cap} capability, so it cannot be waited on for ${String(until)}`);
    return problems;
  }
  const spec = ACTIONS[action];
  if (spec === undefined) return [`is "${action}", expected one of: ${ACTION_NAMES.join(', ')}`];
  if (device === undefined) problems.push(`${action} needs a device`);
  if (spec.capability !== undefined && capabilities !== undefined && !capabilities.includes(spec.capability)) {
    problems.push(`device ${String(device)} has no ${spec.capability} capability, so it cannot ${action}`);
  }
  for (const [name, arg] of Object.entries(spec.args)) {
    const value = args[name];
    if (value === undefined) {
      if (arg.required) problems.push(`${action} needs args.${name} (${arg.kind})`);
    } else if (arg.kind === 'name' ? typeof value === 'boolean' || String(value).trim() === '' : typeof value !== arg.kind) {
      problems.push(`args.${name} is ${JSON.stringify(value)}, expected ${arg.kind === 'name' ? 'a name or number' : `a ${arg.kind}`}`);
    }
  }
  return problems;
}

/** Runs one action on a device (or, for `wait` with ms and no device, just waits). */
export async function runAction(driver: Driver | undefined, action: string, args: StepArgs, ctx: ActionContext): Promise<void> {
  if (action === 'wait') {
    if (args.until === 'warm' && driver !== undefined) return untilWarm(driver, ctx);
    if (args.until === 'preset-reached' && driver !== undefined) return untilPresetReached(driver, args, ctx);
    return sleep(Number(args.ms ?? 0), ctx.signal);
  }
  const spec = ACTIONS[action];
  if (spec === undefined) throw new ScError('SC_ERR_AGENT_ACTION_UNKNOWN', { action, known: ACTION_NAMES.join(', ') });
  if (driver === undefined) throw new ScError('SC_ERR_AGENT_ACTION_ARGS', { action, detail: 'needs a device' });
  await spec.run(driver, args, ctx);
}
