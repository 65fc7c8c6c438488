import { ACTIONS, NOTICES, type CommandMessage, type PayloadChecker, type ReplyMessage } from '../../contract/mqtt/index.js';
import type { SimulatedRoom } from './sim-room.js';

const KNOWN = new Set<string>(ACTIONS);

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((r) => setTimeout(r, ms));
}

function parse(room: SimulatedRoom, payload: Buffer, checker: PayloadChecker, foundId: (id: string) => void): CommandMessage {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    throw new Refusal('SC_ERR_CMD_INVALID', 'the payload is not JSON');
  }
  const maybeId = (value as { id?: unknown } | null)?.id;
  if (typeof maybeId === 'string') foundId(maybeId);
  if (!checker.check('cmd', value)) throw new Refusal('SC_ERR_CMD_INVALID', checker.problems('cmd', value, 2).join('; '));
  const cmd = value as CommandMessage;
  if (cmd.expires <= room.now()) throw new Refusal('SC_ERR_CMD_EXPIRED', `command ${cmd.id} expired`);
  if (!KNOWN.has(cmd.action)) throw new Refusal('SC_ERR_CMD_UNKNOWN_ACTION', `unknown action ${cmd.action}`);
  if (!room.spec.remoteAllow.includes(cmd.action) && !NOTICES.includes(cmd.action)) throw new Refusal('SC_ERR_CMD_NOT_ALLOWED', `${cmd.action} is not allowed remotely in this room`);
  if (!room.firstTime(cmd.id)) throw new Refusal('SC_ERR_CMD_DUPLICATE', `command ${cmd.id} was already run`);
  return cmd;
}

async function run(room: SimulatedRoom, cmd: CommandMessage): Promise<unknown> {
  const by = { kind: 'remote' as const, name: cmd.by };
  const state = room.sessionState.state;
  switch (cmd.action) {
    case 'session.end': {
      if (state === 'idle') throw new Refusal('SC_ERR_SESSION_STATE', 'no class is running');
      room.beginEnd(by);
      await sleep(room.transitionMs);
      room.finishEnd(by);
      return { state: 'idle' };
    }
    case 'session.start': {
      if (state !== 'idle') throw new Refusal('SC_ERR_SESSION_STATE', `the room is ${state}`);
      const course = typeof cmd.args?.course === 'string' ? cmd.args.course : undefined;
      room.startClass(by, course);
      return { state: room.sessionState.state };
    }
    case 'scene.run': {
      const scene = String(cmd.args?.scene ?? '');
      if (!room.spec.scenes.some((s) => s.id === scene)) throw new Refusal('SC_ERR_SCENE_UNKNOWN', `no scene "${scene}"`);
      room.event('scene.done', { by, data: { scene, status: 'ok' } });
      return { scene, status: 'ok' };
    }
    case 'device.action': {
      const device = cmd.device ?? '';
      const current = room.deviceState(device);
      if (current === undefined) throw new Refusal('SC_ERR_DEVICE_UNKNOWN', `no device "${device}"`);
      if (current.status === 'offline') throw new Refusal('SC_ERR_DEVICE_OFFLINE', `${device} does not answer`);
      const action = String(cmd.args?.action ?? '');
      if (action === 'power.on' || action === 'power.off') room.setDevice(device, { power: action === 'power.on' ? 'on' : 'standby' });
      else if (action === 'reboot') room.setDevice(device, { status: 'starting' });
      else throw new Refusal('SC_ERR_CMD_UNKNOWN_ACTION', `unknown device action "${action}"`);
      return { device, action };
    }
    case 'rebirth':
      room.publishBirth();
      return {};
    case 'help':
      room.requestHelp(String(cmd.args?.message ?? 'Help requested remotely'));
      return {};
    case 'help.ack':
      return { help: null };
    default:
      throw new Refusal('SC_ERR_CMD_UNKNOWN_ACTION', `unknown action ${cmd.action}`);
  }
}

/** Exactly one reply per command, whatever the payload holds, as the agent's handler gives. */
export async function answerCommand(room: SimulatedRoom, payload: Buffer, checker: PayloadChecker): Promise<ReplyMessage> {
  let id = '';
  try {
    const cmd = parse(room, payload, checker, (found) => (id = found));
    const data = await run(room, cmd);
    return { id, status: 'ok', data, ts: room.now() };
  } catch (err) {
    const code = err instanceof Refusal ? err.code : 'SC_ERR_INTERNAL';
    const message = err instanceof Error ? err.message : String(err);
    return { id, status: 'error', error: { code, message: message.slice(0, 300) }, ts: room.now() };
  }
}
