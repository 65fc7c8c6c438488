import type { Logger } from 'pino';
import type { EventBus } from '../../core/event-bus.js';
import type { RoomController } from '../controller.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { RoomEvents, TimetableSlot } from '../events.js';
import type { RoomMetrics } from '../metrics.js';
import type { SceneEngine } from '../scenes/engine.js';
import type { KeypadLayout } from '../keypads.js';
import type { UplinkHealth } from '../uplink-link.js';

export interface TimetableView {
  snapshot(): { source?: string; loadedFrom?: string; loadedAt?: number; error?: { code: string; message: string }; upcoming: TimetableSlot[] };
  refresh(): Promise<void>;
}

/** Recent log lines kept in memory for the technician page. */
export interface LogView {
  recent(limit: number): unknown[];
  /** The level lines are kept and passed on at; changeable while running. */
  level?(): string;
  setLevel?(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'): void;
}

/** Everything the local HTTP API needs, in one object (tests build it from real parts). */
export interface AppDeps {
  controller: RoomController;
  devices: DeviceRegistry;
  scenes: SceneEngine;
  bus: EventBus<RoomEvents>;
  metrics: RoomMetrics;
  log: Logger;
  version: string;
  startedAt: number;
  timetable?: TimetableView;
  logs?: LogView;
  /** The MQTT uplink's figures, when the room has one. */
  uplink?: () => UplinkHealth | undefined;
  /** The keypads' keys and what they show now (agent/keypads.ts), for the technician page. */
  keypads?: () => KeypadLayout[];
  /** The room config as a technician may see it (secrets already removed). */
  configView?: () => unknown;
  auth: {
    /** scrypt hash from the room config; without it technician login is off. */
    passwordHash?: string;
    sessionTtlMs?: number;
    /** Login attempts per minute per client address. */
    loginPerMinute?: number;
    /** Secure flag on the session cookie (true unless the room serves plain HTTP to a LAN on purpose). */
    secureCookie?: boolean;
  };
}
