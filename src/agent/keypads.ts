import type { Logger } from 'pino';
import type { EventBus } from '../core/event-bus.js';
import type { RoomConfig } from '../core/config/index.js';
import { messageOf } from '../core/errors/index.js';
import type { RoomController } from './controller.js';
import type { RoomEvents } from './events.js';

export interface KeypadsContext {
  keypads: NonNullable<RoomConfig['keypads']>;
  controller: RoomController;
  bus: EventBus<RoomEvents>;
  log: Logger;
}

/** Key presses on the room's keypads run the scene or device action the config maps them to. */
export class Keypads {
  private off: (() => void) | undefined;

  constructor(private readonly ctx: KeypadsContext) {}

  start(): Promise<void> {
    this.off = this.ctx.bus.on('device-event', (event) => {
      if (event.type !== 'key-down') return;
      const keypad = this.ctx.keypads.find((k) => k.device === event.device);
      const binding = keypad?.keys[String(event.data?.key)];
      if (binding === undefined) return;
      const by = { kind: 'keypad' as const, name: `${event.device} key ${String(event.data?.key)}` };
      const run = binding.scene !== undefined
        ? this.ctx.controller.runScene(binding.scene, by)
        : this.ctx.controller.deviceAction(binding.device ?? '', binding.action ?? '', {}, by);
      run.catch((err: unknown) => this.ctx.log.warn({ keypad: event.device, key: event.data?.key, err: messageOf(err) }, 'keypad action failed'));
    });
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.off?.();
    this.off = undefined;
    return Promise.resolve();
  }
}
