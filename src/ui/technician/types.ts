import type { DeviceInfo, StepResult } from '@ui/room.ts';

/** GET /api/technician/devices: a device with what the technician page diagnoses from. */
export interface Diagnostics extends DeviceInfo {
  target: string;
  description?: string;
  commands: { name: string; usage: string }[];
  bytes: boolean;
  samples: { ts: number; latencyMs?: number; status: string }[];
  errors: { ts: number; code: string; message: string; action?: string }[];
  /** The errors grouped by code and command, latest first, with the catalog's hint. */
  problems: ErrorGroup[];
}

export interface ErrorGroup {
  code: string;
  message: string;
  action?: string;
  count: number;
  first: number;
  last: number;
  hint?: string;
}

export interface SceneInfo {
  id: string;
  label?: string;
  steps: number;
  running: boolean;
  last?: { runId: string; status: string; startedAt: number; durationMs: number; by: { kind: string; name?: string }; steps: StepResult[] };
}

export interface Discovered {
  kind: string;
  target: string;
  description: string;
  drivers?: string[];
  problem?: string;
}

export interface LogLine {
  time?: number;
  level?: number;
  msg?: string;
  component?: string;
  device?: string;
  [key: string]: unknown;
}
