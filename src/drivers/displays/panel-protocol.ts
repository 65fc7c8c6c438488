import type { Logger } from 'pino';
import type { TObject } from '@sinclair/typebox';
import { ScError } from '../../core/errors/index.js';
import type { Framer, RequestQueue } from '../../transports/index.js';
import type { PowerState } from '../capabilities.js';
import type { PanelProfile } from './profile-schema.js';

/** What one poll learns from a panel; fields it cannot tell are left out. */
export interface PanelStatus {
  power?: PowerState;
  input?: string;
  volume?: number;
  muted?: boolean;
  model?: string;
  firmware?: string;
}

/** A health fact a panel can report, read at a slow pace (panel-health.ts). */
export type PanelHealthFact = 'serial' | 'model' | 'firmware' | 'operatingHours' | 'temperatureC';

export interface PanelHealthRead {
  fact: PanelHealthFact;
  /** Facts that do not change while connected (serial, model, firmware) are read once per connection. */
  once: boolean;
  /** The value, or undefined when the panel gave nothing usable; a NAK means the model lacks it. */
  read(): Promise<string | number | undefined>;
}

/** Input names to protocol codes (text as written in profiles: "21", "0x21", "52/1F"). */
export type InputTable = ReadonlyMap<string, string>;

/** The protocol operations a panel driver needs, bound to one link and one device. */
export interface PanelOps {
  setPower(on: boolean): Promise<void>;
  setInput(name: string, code: string): Promise<void>;
  setVolume(level: number): Promise<void>;
  setMute(on: boolean): Promise<void>;
  /** Reads the state back; throws when the device does not answer. */
  status(): Promise<PanelStatus>;
  /** The power state alone, in one exchange: lets the driver skip a power change the panel does not need. */
  readPower?(): Promise<PowerState>;
  /** The input alone (its name, or `code-XX`), in one exchange: lets the driver skip an input change. */
  readInput?(): Promise<string>;
  /**
   * True when every set's reply reports the value now in effect and the op checks it (NEC
   * set-parameter reply, MDC ACK data): then no read-back exchange follows a set.
   */
  readonly setsConfirm?: boolean;
  /** What the protocol documents about the panel's health, one exchange (or two) per fact. */
  readonly healthReads?: readonly PanelHealthRead[];
}

export interface PanelContext {
  device: string;
  queue: RequestQueue;
  options: Readonly<Record<string, string | number | boolean>>;
  inputs: InputTable;
  log: Logger;
  profile?: PanelProfile;
}

/** One display protocol: framing, defaults, and how to build its operations. */
export interface PanelProtocol {
  name: string;
  description: string;
  framer: Framer;
  /** Input names this protocol knows without a profile. */
  defaultInputs: Readonly<Record<string, string>>;
  /** Protocol-specific option properties (merged into the driver's options schema). */
  optionsSchema: TObject;
  defaultTcpPort?: number;
  /** Quiet ms the protocol's documents ask for between packets (option `minGapMs` per model overrides it). */
  minGapMs?: number;
  /** For protocols described by the profile: the framing its replies need. */
  framerFor?(profile: PanelProfile | undefined): Framer;
  create(ctx: PanelContext): PanelOps;
}

export function nak(device: string, command: string, reason: string): ScError {
  return new ScError('SC_ERR_DEVICE_NAK', { device, command, reason });
}

export function badReply(device: string, command: string, detail: string): ScError {
  return new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device, command, detail });
}

/** The name for a code read back from the device, or `code-XX` for one the table lacks. */
export function inputName(inputs: InputTable, code: string, same: (a: string, b: string) => boolean): string {
  for (const [name, c] of inputs) if (same(c, code)) return name;
  return `code-${code}`;
}

/** Parses "21", "0x21" or "33" (hex by default, as vendor sheets print codes). */
export function hexCode(text: string): number {
  const t = text.trim().replace(/^0x/i, '');
  const n = parseInt(t, 16);
  if (!/^[0-9a-f]{1,2}$/i.test(t) || Number.isNaN(n)) throw new Error(`input code "${text}" is not a hex byte`);
  return n;
}

export function sameHex(a: string, b: string): boolean {
  try {
    return hexCode(a) === hexCode(b);
  } catch {
    return a.toLowerCase() === b.toLowerCase();
  }
}

export function optNumber(options: PanelContext['options'], key: string, fallback: number): number {
  const v = options[key];
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return fallback;
}

export function optString(options: PanelContext['options'], key: string, fallback: string): string {
  const v = options[key];
  return v === undefined ? fallback : String(v);
}

/** Printable ASCII from a reply's data (NUL padding and control bytes dropped), or undefined when empty. */
export function asciiOf(bytes: Uint8Array): string | undefined {
  const text = Array.from(bytes, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '')).join('').trim();
  return text === '' ? undefined : text;
}
