import { EventBus } from '../core/event-bus.js';
import { ScError } from '../core/errors/index.js';
import type { CommandMessage, DeviceStateMessage, SessionMessage } from '../contract/mqtt/index.js';
import { POWER_STATES } from '../contract/names.js';
import type { CommandExecutor, RoomChanges, RoomEvent, RoomSnapshot, RoomSource, Unsubscribe } from './room-source.js';

export interface MemoryDevice {
  id: string;
  driver: string;
  name?: string;
  capabilities: string[];
  state: DeviceStateMessage;
}

type Actor = SessionMessage['by'];

/**
 * A room held in memory: devices with state, scenes, a session, and one `act()` through which
 * both a (simulated) wall panel and remote commands go. The uplink's tests, the benchmarks and
 * simulated rooms use it; the real runtime (issue 6) implements the same two interfaces.
 */
export class MemoryRoom implements RoomSource, CommandExecutor {
  private readonly bus = new EventBus<RoomChanges>();
  private readonly devices = new Map<string, MemoryDevice>();
  private session: SessionMessage;
  readonly executed: CommandMessage[] = [];

  constructor(
    devices: MemoryDevice[],
    private readonly scenes: { id: string; label?: string }[] = [{ id: 'start-class' }, { id: 'end-class' }],
    private readonly now: () => number = Date.now,
  ) {
    for (const d of devices) this.devices.set(d.id, { ...d, capabilities: [...d.capabilities], state: { ...d.state } });
    this.session = { state: 'idle', since: now(), by: { kind: 'system' } };
  }

  snapshot(): RoomSnapshot {
    return {
      room: { name: 'Memory room' },
      devices: [...this.devices.values()].map((d) => ({ id: d.id, driver: d.driver, capabilities: [...d.capabilities], state: { ...d.state }, ...(d.name === undefined ? {} : { name: d.name }) })),
      scenes: this.scenes.map((s) => ({ ...s })),
      session: { ...this.session },
    };
  }

  onState(listener: (change: RoomChanges['state']) => void): Unsubscribe {
    return this.bus.on('state', listener);
  }

  onSession(listener: (session: SessionMessage) => void): Unsubscribe {
    return this.bus.on('session', listener);
  }

  onEvent(listener: (event: RoomEvent) => void): Unsubscribe {
    return this.bus.on('event', listener);
  }

  setState(device: string, patch: Partial<DeviceStateMessage>): void {
    const d = this.devices.get(device);
    if (d === undefined) throw new ScError('SC_ERR_HTTP_NOT_FOUND', { what: `device ${device}` });
    d.state = { ...d.state, ...patch };
    this.bus.emit('state', { device, state: { ...d.state } });
  }

  emitEvent(event: RoomEvent): void {
    this.bus.emit('event', event);
  }

  get listeners(): number {
    return this.bus.listenerCount('state') + this.bus.listenerCount('session') + this.bus.listenerCount('event');
  }

  /** The wall panel's code path, which remote commands take too. */
  async act(action: string, args: Record<string, string | number | boolean>, by: Actor, device?: string): Promise<unknown> {
    switch (action) {
      case 'session.start':
      case 'session.end': {
        const state = action === 'session.start' ? 'live' : 'idle';
        this.session = { state, since: this.now(), by, scene: action === 'session.start' ? 'start-class' : 'end-class' };
        this.bus.emit('session', { ...this.session });
        this.bus.emit('event', { type: action, by });
        return { session: state };
      }
      case 'scene.run': {
        const scene = String(args.scene ?? '');
        if (!this.scenes.some((s) => s.id === scene)) throw new ScError('SC_ERR_SCENE_UNKNOWN', { scene });
        this.bus.emit('event', { type: 'scene.done', by, data: { scene } });
        return { scene, status: 'ok' };
      }
      case 'device.action': {
        if (device === undefined || !this.devices.has(device)) throw new ScError('SC_ERR_HTTP_NOT_FOUND', { what: `device ${device ?? '(none)'}` });
        if (args.power !== undefined) {
          const power = POWER_STATES.find((p) => p === args.power);
          if (power === undefined) throw new ScError('SC_ERR_CMD_INVALID', { detail: `args.power must be one of ${POWER_STATES.join(', ')}` });
          this.setState(device, { power });
        }
        return { device };
      }
      case 'help':
        this.bus.emit('event', { type: 'help', by });
        return {};
      default:
        throw new ScError('SC_ERR_CMD_UNKNOWN_ACTION', { action });
    }
  }

  async execute(command: CommandMessage): Promise<unknown> {
    this.executed.push(command);
    return this.act(command.action, command.args ?? {}, { kind: 'remote', name: command.by }, command.device);
  }
}

/** A plausible classroom: panel, camera, recorder, keypad, relay board. */
export function classroomDevices(): MemoryDevice[] {
  return [
    { id: 'panel', driver: 'samsung-mdc', name: 'Front panel', capabilities: ['power', 'input', 'volume', 'health'], state: { status: 'online', power: 'off', input: 'hdmi1', volume: 20, muted: false } },
    { id: 'camera', driver: 'onvif', name: 'Rear camera', capabilities: ['ptz', 'presets', 'stream', 'health'], state: { status: 'online', ptz: { pan: 0, tilt: 0, zoom: 0 }, preset: 'wide' } },
    { id: 'recorder', driver: 'extron-smp', name: 'Lecture recorder', capabilities: ['recorder', 'health'], state: { status: 'online', recorder: { activity: 'stopped', freeBytes: 500_000_000_000 } } },
    { id: 'keypad', driver: 'xkeys', capabilities: ['keypad'], state: { status: 'online' } },
    { id: 'relays', driver: 'hid-relay', capabilities: ['relay'], state: { status: 'online', relays: [false, false] } },
  ];
}
