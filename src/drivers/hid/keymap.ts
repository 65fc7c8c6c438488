import type { SessionState } from '../../contract/names.js';
import { KEY_COLORS, type KeyBindingConfig, type KeyLightRuleConfig } from '../../core/config/schema/keypad.js';
import type { KeyLight, RecorderActivity } from '../capabilities.js';
import type { DeviceStatus } from '../state.js';

/**
 * Keypad keys to scenes and device actions, and room state to key lights, labels and icons:
 * pure functions the room runtime calls on every key event and every state change. A binding is
 * the room config's `keypads[].keys` entry (core/config/schema/keypad.ts is its one definition).
 */
export type KeyBinding = KeyBindingConfig;
export type LightRule = KeyLightRuleConfig;
export type LightCondition = LightRule['when'];

export interface Keymap {
  /** The keypad's device id in the room config. */
  device: string;
  /** Key index (as the keypad driver numbers keys) to binding. */
  keys: Readonly<Record<string, KeyBinding>>;
}

export interface DeviceView {
  status: DeviceStatus;
  recorder?: RecorderActivity;
  relays?: readonly boolean[];
}

/** What the lights show: the session, the scene running now, and each device's state. */
export interface RoomView {
  session: SessionState;
  runningScene?: string;
  devices: Readonly<Record<string, DeviceView>>;
}

export type KeyTrigger =
  | { kind: 'scene'; key: number; scene: string }
  | { kind: 'action'; key: number; device: string; action: string; args?: Readonly<Record<string, string | number | boolean>> };

export interface KeyLook {
  light: KeyLight;
  label?: string;
  icon?: string;
}

export const COLORS = {
  off: '#000000',
  idle: '#202020',
  live: '#00a000',
  busy: '#ff9000',
  recording: '#ff0000',
  failing: '#ff0000',
} as const;

/** What pressing `key` asks for; undefined for an unbound key (the press is only logged). */
export function triggerFor(map: Keymap, key: number): KeyTrigger | undefined {
  const b = map.keys[String(key)];
  if (b === undefined) return undefined;
  if (b.scene !== undefined) return { kind: 'scene', key, scene: b.scene };
  if (b.action !== undefined && b.device !== undefined) {
    return { kind: 'action', key, device: b.device, action: b.action, ...(b.args === undefined ? {} : { args: b.args }) };
  }
  return undefined;
}

function failing(view: RoomView, which: boolean | string): boolean {
  const bad = (d: DeviceView | undefined): boolean => d !== undefined && (d.status === 'offline' || d.status === 'degraded');
  if (typeof which === 'string') return bad(view.devices[which]);
  return which === Object.values(view.devices).some(bad);
}

function recording(view: RoomView, which: boolean | string): boolean {
  if (typeof which === 'string') return view.devices[which]?.recorder === 'recording';
  return which === Object.values(view.devices).some((d) => d.recorder === 'recording');
}

export function conditionHolds(c: LightCondition, view: RoomView, binding: KeyBinding): boolean {
  if (c.session !== undefined) {
    const wanted: readonly string[] = typeof c.session === 'string' ? [c.session] : c.session;
    if (!wanted.includes(view.session)) return false;
  }
  if (c.recording !== undefined && !recording(view, c.recording)) return false;
  if (c.failing !== undefined && !failing(view, c.failing)) return false;
  if (c.sceneRunning !== undefined && (binding.scene !== undefined && view.runningScene === binding.scene) !== c.sceneRunning) return false;
  return true;
}

/** The look a binding has without rules: what a teacher expects a lit key to mean. */
function defaultLook(b: KeyBinding, view: RoomView): string {
  if (b.device !== undefined && failing(view, b.device)) return COLORS.failing;
  if (b.scene !== undefined) {
    if (view.runningScene === b.scene) return COLORS.busy;
    if (b.scene === 'start-class' && view.session === 'live') return COLORS.live;
    if (b.scene === 'start-class' && view.session === 'degraded') return COLORS.busy;
    return COLORS.idle;
  }
  if (b.action !== undefined && b.device !== undefined) {
    const d = view.devices[b.device];
    if (b.action.startsWith('recorder.')) {
      if (d?.recorder === 'recording') return COLORS.recording;
      if (d?.recorder === 'paused' || d?.recorder === 'starting') return COLORS.busy;
      if (d?.recorder === 'error') return COLORS.failing;
      return COLORS.idle;
    }
    if (b.action.startsWith('relay.')) {
      const channel = Number(b.args?.channel ?? 1);
      return d?.relays?.[channel - 1] === true ? COLORS.busy : COLORS.idle;
    }
    return COLORS.idle;
  }
  return COLORS.off;
}

/** A colour name from the config (red, green, ...) or #rgb / #rrggbb, as #rrggbb. */
export function colorHex(color: string): string {
  const named = (KEY_COLORS as Readonly<Record<string, string>>)[color];
  if (named !== undefined) return named;
  const { r, g, b } = parseColor(color);
  return `#${[r, g, b].map((n) => n.toString(16).padStart(2, '0')).join('')}`;
}

export function lookFor(b: KeyBinding, view: RoomView): KeyLook {
  const rule = b.lights?.find((r) => conditionHolds(r.when, view, b));
  const color = rule === undefined ? defaultLook(b, view) : colorHex(rule.color);
  const label = rule?.label ?? b.label;
  const light: KeyLight = color === COLORS.off ? { off: true } : { color };
  return { light, ...(label === undefined ? {} : { label }), ...(b.icon === undefined ? {} : { icon: b.icon }) };
}

/** Every bound key's look for this room state. */
export function keyLooks(map: Keymap, view: RoomView): Map<number, KeyLook> {
  const out = new Map<number, KeyLook>();
  for (const [key, b] of Object.entries(map.keys)) {
    const n = Number(key);
    if (Number.isInteger(n) && n >= 0) out.set(n, lookFor(b, view));
  }
  return out;
}

/** Only the keys whose look differs from `previous`, so a state change does not repaint every key. */
export function changedLooks(previous: ReadonlyMap<number, KeyLook>, next: ReadonlyMap<number, KeyLook>): Map<number, KeyLook> {
  const out = new Map<number, KeyLook>();
  for (const [k, look] of next) if (JSON.stringify(previous.get(k)) !== JSON.stringify(look)) out.set(k, look);
  return out;
}

/** '#rrggbb', '#rgb' or 'rrggbb' to numbers; anything else is black, so a typo turns a key dark, not the agent. */
export function parseColor(text: string): { r: number; g: number; b: number } {
  let hex = text.trim().replace(/^#/, '');
  if (/^[0-9a-f]{3}$/i.test(hex)) hex = hex.replace(/./g, (c) => c + c);
  if (!/^[0-9a-f]{6}$/i.test(hex)) return { r: 0, g: 0, b: 0 };
  const n = parseInt(hex, 16);
  return { r: (n >> 16) & 0xff, g: (n >> 8) & 0xff, b: n & 0xff };
}
