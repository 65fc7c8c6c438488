import type { BirthMessage, CommandMessage, DeviceStateMessage, SessionMessage } from '../contract/mqtt/index.js';

/**
 * What the uplink needs from the room runtime (issue 6), and nothing more: a snapshot for the
 * birth, and changes as they happen. The runtime implements these; `MemoryRoom` is a small
 * real implementation for tests, benchmarks and simulated rooms.
 */
export interface RoomSnapshot {
  room: BirthMessage['room'];
  devices: BirthMessage['devices'];
  scenes: BirthMessage['scenes'];
  session: SessionMessage;
}

export interface RoomEvent {
  type: string;
  device?: string;
  by?: { kind: SessionMessage['by']['kind']; name?: string };
  data?: Record<string, unknown>;
  /** When it happened (ms); defaults to when the uplink heard of it. */
  ts?: number;
}

export interface RoomChanges extends Record<string, unknown> {
  state: { device: string; state: DeviceStateMessage };
  session: SessionMessage;
  event: RoomEvent;
}

export type Unsubscribe = () => void;

export interface RoomSource {
  snapshot(): RoomSnapshot;
  onState(listener: (change: RoomChanges['state']) => void): Unsubscribe;
  onSession(listener: (session: SessionMessage) => void): Unsubscribe;
  onEvent(listener: (event: RoomEvent) => void): Unsubscribe;
}

/**
 * Runs a remote command through the same code path as the wall panel. Resolves with the reply's
 * `data`; throws an ScError (a refused step, an unknown scene) for a coded error reply.
 */
export interface CommandExecutor {
  execute(command: CommandMessage): Promise<unknown>;
}
