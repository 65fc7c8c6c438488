import type { DemoRoomReady } from './demo-room.js';
import type { RoomPlan } from './plan.js';
import type { RoomUplink } from './room-config.js';

/** What the demo hands one worker process: its rooms and how to run them. */
export interface WorkerJob {
  rooms: { plan: RoomPlan; uplink: RoomUplink; dir: string }[];
  epoch: number;
  pace: number;
  teachers: boolean;
  faults: boolean;
  pollScale: number;
  version: string;
  logFile: string;
  logLevel: string;
  /** Rooms started at once. */
  concurrency: number;
}

export type ToWorker = { type: 'start'; job: WorkerJob } | { type: 'stop' };

export type FromWorker =
  | { type: 'progress'; started: number }
  | { type: 'ready'; rooms: DemoRoomReady[]; failed: { root: string; error: string }[]; probeUrl: string; rssBytes: number }
  | { type: 'error'; error: string }
  | { type: 'stopped' };

export function isToWorker(m: unknown): m is ToWorker {
  return typeof m === 'object' && m !== null && ((m as { type?: unknown }).type === 'start' || (m as { type?: unknown }).type === 'stop');
}

export function isFromWorker(m: unknown): m is FromWorker {
  const t = typeof m === 'object' && m !== null ? (m as { type?: unknown }).type : undefined;
  return t === 'progress' || t === 'ready' || t === 'error' || t === 'stopped';
}
