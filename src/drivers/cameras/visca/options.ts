import { Type } from '@sinclair/typebox';
import { ScError } from '../../../core/errors/index.js';
import type { DriverContext } from '../../driver.js';

export const viscaOptionsSchema = Type.Object({
  address: Type.Optional(Type.Integer({ minimum: 1, maximum: 7, description: 'camera address on the VISCA bus (default 1; IP cameras are always 1)' })),
  header: Type.Optional(Type.Boolean({ description: 'UDP only: Sony VISCA-over-IP 8-byte header with sequence numbers (default true); false for cameras that take raw VISCA on UDP' })),
  panSpeed: Type.Optional(Type.Integer({ minimum: 1, maximum: 0x18, description: 'pan speed for moves and drive at full speed (1-24, default 12)' })),
  tiltSpeed: Type.Optional(Type.Integer({ minimum: 1, maximum: 0x14, description: 'tilt speed (1-20, default 10)' })),
  zoomSpeed: Type.Optional(Type.Integer({ minimum: 0, maximum: 7, description: 'zoom speed for zoom in/out (0-7, default 4)' })),
  presetMax: Type.Optional(Type.Integer({ minimum: 1, maximum: 254, description: 'highest preset number the camera keeps (default 16)' })),
  presetNames: Type.Optional(Type.String({ description: 'names for preset numbers, e.g. "1=lectern,2=whiteboard" (default: the numbers)' })),
  panLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 0x7fff, description: 'pan position at the right end stop, in camera units; -panLimit is the left (default 2448)' })),
  tiltLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 0x7fff, description: 'tilt position at the top end stop, in camera units (default 1296)' })),
  zoomLimit: Type.Optional(Type.Integer({ minimum: 1, maximum: 0xffff, description: 'zoom position at full tele (default 16384)' })),
  replyTimeoutMs: Type.Optional(Type.Integer({ minimum: 20, description: 'wait for an ACK or an inquiry answer (default: the driver timeout, 1000)' })),
  completionTimeoutMs: Type.Optional(Type.Integer({ minimum: 100, description: 'wait for a command to complete (power on, preset recall; default 15000)' })),
  retries: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'UDP: resends of a datagram that got no reply at all (default 2)' })),
});

export interface ViscaOptions {
  address: number;
  header: boolean;
  panSpeed: number;
  tiltSpeed: number;
  zoomSpeed: number;
  presetMax: number;
  presetNames: ReadonlyMap<number, string>;
  panLimit: number;
  tiltLimit: number;
  zoomLimit: number;
  replyTimeoutMs: number;
  completionTimeoutMs: number;
  retries: number;
}

function int(ctx: DriverContext, key: string, fallback: number): number {
  const v = ctx.options[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** "1=lectern,2=whiteboard" to number -> name; a bad entry is a configuration error, not a guess. */
export function parsePresetNames(device: string, text: string | undefined, presetMax: number): Map<number, string> {
  const names = new Map<number, string>();
  if (text === undefined || text.trim() === '') return names;
  for (const entry of text.split(',')) {
    const m = /^\s*(\d{1,3})\s*=\s*(.*?)\s*$/.exec(entry);
    const n = Number(m?.[1]);
    const name = m?.[2] ?? '';
    if (m === null || n > presetMax || name === '' || /^\d+$/.test(name)) {
      throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device, command: 'presetNames', detail: `"${entry}" is not NUMBER=NAME with NUMBER 0-${presetMax} and a NAME that is not a number` });
    }
    names.set(n, name);
  }
  return names;
}

export function viscaOptions(ctx: DriverContext): ViscaOptions {
  const presetMax = int(ctx, 'presetMax', 16);
  const names = ctx.options.presetNames;
  return {
    address: int(ctx, 'address', 1),
    header: ctx.options.header !== false,
    panSpeed: int(ctx, 'panSpeed', 0x0c),
    tiltSpeed: int(ctx, 'tiltSpeed', 0x0a),
    zoomSpeed: int(ctx, 'zoomSpeed', 4),
    presetMax,
    presetNames: parsePresetNames(ctx.id, typeof names === 'string' ? names : undefined, presetMax),
    panLimit: int(ctx, 'panLimit', 2448),
    tiltLimit: int(ctx, 'tiltLimit', 1296),
    zoomLimit: int(ctx, 'zoomLimit', 0x4000),
    replyTimeoutMs: int(ctx, 'replyTimeoutMs', ctx.timeoutMs),
    completionTimeoutMs: int(ctx, 'completionTimeoutMs', 15_000),
    retries: int(ctx, 'retries', 2),
  };
}
