/**
 * Capability interfaces. A driver declares which it implements; the UI, scenes and MQTT are
 * generated from that declaration, never from driver names.
 */
import type { PtzVector, RecorderStatus } from '../contract/device-state.js';
import type { PowerState } from '../contract/names.js';

// The names and the state shapes are the contract's: the agent's API, MQTT and the pages share them.
export { CAPABILITIES, type Capability, type DeviceEventType, type PowerState, type RecorderActivity } from '../contract/names.js';
export type { DeviceEvent, PtzVector, RecorderStatus } from '../contract/device-state.js';

export interface PowerCapability {
  on(): Promise<void>;
  off(): Promise<void>;
  query(): Promise<PowerState>;
}

export interface InputCapability {
  /** Input names the device knows (from its profile), e.g. hdmi1, hdmi2, ops, usb-c. */
  list(): readonly string[];
  select(name: string): Promise<void>;
  query(): Promise<string>;
}

export interface VolumeState {
  level: number;
  muted: boolean;
}

export interface VolumeCapability {
  /** 0-100 */
  set(level: number): Promise<void>;
  step(delta: number): Promise<void>;
  mute(on: boolean): Promise<void>;
  query(): Promise<VolumeState>;
}

export interface PtzStatus {
  position: PtzVector;
  moving: boolean;
}

export interface PtzCapability {
  continuousMove(speed: PtzVector): Promise<void>;
  relativeMove(delta: PtzVector): Promise<void>;
  absoluteMove(position: PtzVector): Promise<void>;
  stop(): Promise<void>;
  home(): Promise<void>;
  status(): Promise<PtzStatus>;
}

export interface Preset {
  token: string;
  name: string;
}

export interface PresetsCapability {
  list(): Promise<Preset[]>;
  /** Resolves once the camera has arrived (not when the command was accepted). */
  goto(nameOrToken: string): Promise<void>;
  save(name: string): Promise<Preset>;
  remove(nameOrToken: string): Promise<void>;
}

export interface StreamCapability {
  streamUri(profile?: string): Promise<string>;
  snapshotUri(profile?: string): Promise<string>;
  /** The current still image (JPEG), fetched from the camera itself within a size and time limit. */
  snapshot(profile?: string): Promise<Buffer>;
}

export interface RecorderCapability {
  start(): Promise<void>;
  stop(): Promise<void>;
  pause(): Promise<void>;
  status(): Promise<RecorderStatus>;
  /** Only before recording starts (devices refuse metadata changes while recording). */
  setMetadata(meta: { title?: string; presenter?: string }): Promise<void>;
  chapter(): Promise<void>;
}

export type KeyLight = { color: string } | { on: boolean } | { off: true };

export interface KeypadCapability {
  readonly keyCount: number;
  setLight(key: number, light: KeyLight): Promise<void>;
  /** A label (and an icon, one of the config's KEY_ICONS) drawn on keys that have a display (Stream Deck), on `color`. */
  setLabel?(key: number, label: string, color?: string, icon?: string): Promise<void>;
}

export interface RelayCapability {
  readonly channels: number;
  set(channel: number, on: boolean): Promise<void>;
  query(): Promise<boolean[]>;
}

export interface HealthReport {
  reachable: boolean;
  latencyMs?: number;
  firmware?: string;
  model?: string;
  serial?: string;
  clockSkewMs?: number;
  /** Lamp or panel hours, temperature: whatever the device tells. */
  extra?: Record<string, string | number | boolean>;
}

export interface HealthCapability {
  check(): Promise<HealthReport>;
}
