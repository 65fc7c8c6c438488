/**
 * Capability interfaces. A driver declares which it implements; the UI, scenes and MQTT are
 * generated from that declaration, never from driver names.
 */
export const CAPABILITIES = ['power', 'input', 'volume', 'ptz', 'presets', 'stream', 'recorder', 'keypad', 'relay', 'events', 'health'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export type PowerState = 'on' | 'off' | 'standby' | 'warming' | 'cooling' | 'unknown';

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

/** Normalised PTZ vector: pan and tilt in -1..1, zoom in 0..1 (absolute) or -1..1 (speed). */
export interface PtzVector {
  pan: number;
  tilt: number;
  zoom: number;
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

export type RecorderActivity = 'stopped' | 'recording' | 'paused' | 'unknown';

export interface RecorderStatus {
  activity: RecorderActivity;
  elapsedSeconds?: number;
  remainingSeconds?: number;
  freeBytes?: number;
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
  /** A label or icon drawn on keys that have a display (Stream Deck); ignored by others. */
  setLabel?(key: number, label: string, color?: string): Promise<void>;
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

/** Events a device raises by itself (camera motion, a recorder that stopped, a key press). */
export type DeviceEventType =
  | 'motion'
  | 'tamper'
  | 'video-loss'
  | 'recorder-stopped'
  | 'key-down'
  | 'key-up'
  | 'device-offline'
  | 'device-online';

export interface DeviceEvent {
  type: DeviceEventType;
  device: string;
  ts: number;
  data?: Record<string, string | number | boolean>;
}
