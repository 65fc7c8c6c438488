import type { Logger } from 'pino';
import type { EventBus } from '../core/event-bus.js';
import type { RoomConfig } from '../core/config/index.js';
import { messageOf } from '../core/errors/index.js';
import type { Driver } from '../drivers/driver.js';
import { changedLooks, keyLooks, type DeviceView, type KeyBinding, type KeyLook, type RoomView } from '../drivers/hid/keymap.js';
import type { RoomController } from './controller.js';
import type { RoomEvents } from './events.js';

export interface KeypadsContext {
  keypads: NonNullable<RoomConfig['keypads']>;
  controller: RoomController;
  bus: EventBus<RoomEvents>;
  log: Logger;
  /** Where the keypad drivers are: with it, key lights follow the room (keymap.ts); without, keys only trigger. */
  devices?: { driver(id: string): Driver };
}

/** One keypad as the technician page shows it. */
export interface KeypadLayout {
  device: string;
  /** Keys the keypad has, once it is open. */
  keyCount?: number;
  keys: { key: number; binding: KeyBinding; look: KeyLook }[];
}

/**
 * Key presses on the room's keypads run the scene or device action the config maps them to, and
 * the keys' lights follow the session, the running scene and the devices (`keyLooks`).
 */
export class Keypads {
  private offs: (() => void)[] = [];
  /** What each keypad shows now, as far as we know (only keys whose light was set). */
  private readonly shown = new Map<string, Map<number, KeyLook>>();
  private painting = false;
  private again = false;
  private stopped = false;

  constructor(private readonly ctx: KeypadsContext) {}

  start(): Promise<void> {
    this.stopped = false;
    const { bus } = this.ctx;
    this.offs.push(bus.on('device-event', (event) => {
      if (event.type !== 'key-down') return;
      const keypad = this.ctx.keypads.find((k) => k.device === event.device);
      const binding = keypad?.keys[String(event.data?.key)];
      if (binding === undefined) return;
      const by = { kind: 'keypad' as const, name: `${event.device} key ${String(event.data?.key)}` };
      const run = binding.scene !== undefined
        ? this.ctx.controller.runScene(binding.scene, by)
        : this.ctx.controller.deviceAction(binding.device ?? '', binding.action ?? '', binding.args ?? {}, by);
      run.catch((err: unknown) => this.ctx.log.warn({ keypad: event.device, key: event.data?.key, err: messageOf(err) }, 'keypad action failed'));
    }));
    if (this.ctx.devices !== undefined && this.ctx.keypads.length > 0) {
      const repaint = (): void => this.repaint();
      this.offs.push(bus.on('session', repaint), bus.on('scene-started', repaint), bus.on('scene-done', repaint));
      this.offs.push(bus.on('device-state', (change) => {
        // A keypad that comes (back) online is painted in full: what it showed before is unknown.
        if (change.state.status === 'online' && change.previous.status !== 'online') this.shown.delete(change.device);
        this.repaint();
      }));
      this.repaint();
    }
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.stopped = true;
    for (const off of this.offs.splice(0)) off();
    return Promise.resolve();
  }

  /** Every keypad's keys as configured, with what each shows now: for the technician page. */
  layout(): KeypadLayout[] {
    const view = this.view();
    return this.ctx.keypads.map((keypad) => {
      const looks = keyLooks(keypad, view);
      let keyCount: number | undefined;
      try {
        keyCount = this.ctx.devices?.driver(keypad.device).keypad?.keyCount;
      } catch {
        keyCount = undefined;
      }
      return {
        device: keypad.device,
        ...(keyCount === undefined || keyCount === 0 ? {} : { keyCount }),
        keys: Object.entries(keypad.keys).map(([key, binding]) => ({ key: Number(key), binding, look: looks.get(Number(key)) ?? { light: { off: true } } })),
      };
    });
  }

  private view(): RoomView {
    const snap = this.ctx.controller.snapshot();
    const devices: Record<string, DeviceView> = {};
    for (const d of snap.devices) {
      devices[d.id] = {
        status: d.state.status,
        ...(d.state.recorder === undefined ? {} : { recorder: d.state.recorder.activity }),
        ...(d.state.relays === undefined ? {} : { relays: d.state.relays }),
      };
    }
    const running = snap.scenes.find((s) => s.running)?.id;
    return { session: snap.session.state, devices, ...(running === undefined ? {} : { runningScene: running }) };
  }

  /** Paints what changed, one pass at a time (a change during a pass starts another). */
  private repaint(): void {
    if (this.painting) {
      this.again = true;
      return;
    }
    this.painting = true;
    void this.paintAll()
      .catch((err: unknown) => this.ctx.log.debug({ err: messageOf(err) }, 'keypad lights not painted'))
      .finally(() => {
        this.painting = false;
        if (this.again && !this.stopped) {
          this.again = false;
          this.repaint();
        }
      });
  }

  private async paintAll(): Promise<void> {
    const devices = this.ctx.devices;
    if (devices === undefined || this.stopped) return;
    const view = this.view();
    for (const keypad of this.ctx.keypads) {
      if (view.devices[keypad.device]?.status !== 'online') continue;
      let cap;
      try {
        cap = devices.driver(keypad.device).keypad;
      } catch {
        continue;
      }
      if (cap === undefined) continue;
      const shown = this.shown.get(keypad.device) ?? new Map<number, KeyLook>();
      this.shown.set(keypad.device, shown);
      for (const [key, look] of changedLooks(shown, keyLooks(keypad, view))) {
        try {
          // A key with a display gets its label and icon drawn on the light's colour; others only the light.
          if ((look.label !== undefined || look.icon !== undefined) && cap.setLabel !== undefined) {
            await cap.setLabel(key, look.label ?? '', 'color' in look.light ? look.light.color : '#000000', look.icon);
          } else await cap.setLight(key, look.light);
          shown.set(key, look);
        } catch (err) {
          // Left out of `shown`, so the next change (or the keypad coming back) tries again.
          this.ctx.log.debug({ keypad: keypad.device, key, err: messageOf(err) }, 'key light not set');
        }
      }
    }
  }
}
