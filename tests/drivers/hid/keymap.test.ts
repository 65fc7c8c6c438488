import { describe, expect, it } from 'vitest';
import { COLORS, changedLooks, keyLooks, lookFor, parseColor, triggerFor, type Keymap, type RoomView } from '../../../src/drivers/hid/keymap.js';
import { renderKey, renderLabel, wrapLabel } from '../../../src/drivers/hid/label-image.js';
import { KEY_ICONS } from '../../../src/core/config/index.js';

const map: Keymap = {
  device: 'keys-1',
  keys: {
    '0': { scene: 'start-class', label: 'START' },
    '1': { scene: 'end-class' },
    '2': { action: 'recorder.start', device: 'rec-1', label: 'REC' },
    '3': { action: 'relay.toggle', device: 'lamp', args: { channel: 2 } },
    '4': { label: 'HELP', lights: [{ when: { failing: true }, color: '#ff0000', label: 'FAULT' }, { when: {}, color: '#0000ff' }] },
    x: { scene: 'nonsense' },
  },
};

const idle: RoomView = { session: 'idle', devices: { 'rec-1': { status: 'online', recorder: 'stopped' }, lamp: { status: 'online', relays: [false, false] } } };

describe('keymap: keys to triggers', () => {
  it('maps scene keys and action keys, and ignores unbound keys', () => {
    expect(triggerFor(map, 0)).toEqual({ kind: 'scene', key: 0, scene: 'start-class' });
    expect(triggerFor(map, 3)).toEqual({ kind: 'action', key: 3, device: 'lamp', action: 'relay.toggle', args: { channel: 2 } });
    expect(triggerFor(map, 4)).toBeUndefined(); // label only
    expect(triggerFor(map, 9)).toBeUndefined();
  });
});

describe('keymap: room state to lights', () => {
  it('shows idle keys dim and the help key by its rule', () => {
    const looks = keyLooks(map, idle);
    expect(looks.get(0)).toEqual({ light: { color: COLORS.idle }, label: 'START' });
    expect(looks.get(2)).toEqual({ light: { color: COLORS.idle }, label: 'REC' });
    expect(looks.get(4)).toEqual({ light: { color: '#0000ff' }, label: 'HELP' });
    expect(looks.size).toBe(5); // "x" is not a key number
  });

  it('a running scene is amber, a live session green, recording red, a relay on amber', () => {
    const view: RoomView = {
      session: 'live',
      devices: { 'rec-1': { status: 'online', recorder: 'recording' }, lamp: { status: 'online', relays: [false, true] } },
    };
    const looks = keyLooks(map, view);
    expect(looks.get(0)?.light).toEqual({ color: COLORS.live });
    expect(looks.get(2)?.light).toEqual({ color: COLORS.recording });
    expect(looks.get(3)?.light).toEqual({ color: COLORS.busy });
    expect(lookFor({ scene: 'end-class' }, { ...view, session: 'ending', runningScene: 'end-class' }).light).toEqual({ color: COLORS.busy });
    expect(lookFor({ action: 'recorder.pause', device: 'rec-1' }, { ...view, devices: { 'rec-1': { status: 'online', recorder: 'paused' } } }).light).toEqual({ color: COLORS.busy });
  });

  it('a failing device turns its keys red and fires the fault rule', () => {
    const view: RoomView = { session: 'live', devices: { 'rec-1': { status: 'offline' }, lamp: { status: 'online' } } };
    const looks = keyLooks(map, view);
    expect(looks.get(2)?.light).toEqual({ color: COLORS.failing });
    expect(looks.get(4)).toEqual({ light: { color: '#ff0000' }, label: 'FAULT' });
  });

  it('conditions combine: session list, recording on a named device', () => {
    const b = { lights: [{ when: { session: ['live', 'degraded'], recording: 'rec-1' }, color: '#ff00ff' }] };
    expect(lookFor(b, { session: 'live', devices: { 'rec-1': { status: 'online', recorder: 'recording' } } }).light).toEqual({ color: '#ff00ff' });
    expect(lookFor(b, { session: 'idle', devices: { 'rec-1': { status: 'online', recorder: 'recording' } } }).light).toEqual({ off: true });
  });

  it('only changed keys are repainted', () => {
    const a = keyLooks(map, idle);
    const b = keyLooks(map, { ...idle, devices: { ...idle.devices, 'rec-1': { status: 'online', recorder: 'recording' } } });
    expect([...changedLooks(a, b).keys()]).toEqual([2]);
    expect(changedLooks(b, b).size).toBe(0);
  });

  it('parses colours and turns nonsense black', () => {
    expect(parseColor('#ff8000')).toEqual({ r: 255, g: 128, b: 0 });
    expect(parseColor('0f0')).toEqual({ r: 0, g: 255, b: 0 });
    expect(parseColor('red')).toEqual({ r: 0, g: 0, b: 0 });
  });
});

describe('key label images', () => {
  it('wraps at spaces and splits long words', () => {
    expect(wrapLabel('ON AIR', 10)).toEqual(['ON AIR']);
    expect(wrapLabel('START CLASS NOW', 6)).toEqual(['START', 'CLASS', 'NOW']);
    expect(wrapLabel('ABCDEFGH', 4)).toEqual(['ABCD', 'EFGH']);
    expect(wrapLabel('   ', 4)).toEqual([]);
  });

  it('draws white text on a dark background, centred, with the exact pixel size', () => {
    const img = renderLabel(72, 'REC', '#ff0000');
    expect(img.length).toBe(72 * 72 * 3);
    expect([...img.subarray(0, 3)]).toEqual([255, 0, 0]); // corner is background
    let white = 0;
    for (let i = 0; i < img.length; i += 3) if (img[i] === 255 && img[i + 1] === 255 && img[i + 2] === 255) white++;
    expect(white).toBeGreaterThan(50);
    const dark = renderLabel(72, 'OK', '#ffffff');
    let black = 0;
    for (let i = 0; i < dark.length; i += 3) if (dark[i] === 0 && dark[i + 1] === 0 && dark[i + 2] === 0) black++;
    expect(black).toBeGreaterThan(20);
  });

  it('draws unknown characters as ? and never writes outside the image', () => {
    expect(() => renderLabel(16, 'مرحبا WORLD 12345', '#000000')).not.toThrow();
    expect(renderLabel(16, 'x', 'junk').length).toBe(16 * 16 * 3);
  });
});

describe('key faces from the room config: icons, named colours, light rules', () => {
  const white = (img: Buffer, x: number, y: number, size: number): boolean => img[(y * size + x) * 3] === 255 && img[(y * size + x) * 3 + 1] === 255;

  it('draws every configured icon inside the key, and an icon above a one-line label', () => {
    for (const icon of KEY_ICONS) {
      const img = renderKey(72, { icon, background: '#000000' });
      let lit = 0;
      for (let i = 0; i < img.length; i += 3) if (img[i] === 255) lit++;
      expect(lit, icon).toBeGreaterThan(72 * 72 * 0.03);
      expect(white(img, 0, 0, 72), icon).toBe(false);
    }
    const rec = renderKey(72, { icon: 'record', background: '#000000' });
    expect(white(rec, 36, 36, 72)).toBe(true);
    const both = renderKey(96, { icon: 'record', label: 'REC', background: '#000000' });
    let bottom = 0;
    for (let y = 70; y < 96; y++) for (let x = 0; x < 96; x++) if (white(both, x, y, 96)) bottom++;
    expect(bottom).toBeGreaterThan(10);
    expect(renderKey(72, { icon: 'no-such-icon', background: '#000000' }).every((b) => b === 0)).toBe(true);
  });

  it('red while recording, green while live (X-keys style rules, named colours), icon carried to the look', () => {
    const key = { scene: 'start-class', icon: 'record', lights: [{ when: { recording: true }, color: 'red' }, { when: { session: 'live' }, color: 'green' }] };
    const live: RoomView = { session: 'live', devices: { rec: { status: 'online', recorder: 'paused' } } };
    expect(lookFor(key, live)).toEqual({ light: { color: '#00a000' }, icon: 'record' });
    expect(lookFor(key, { ...live, devices: { rec: { status: 'online', recorder: 'recording' } } }).light).toEqual({ color: '#ff0000' });
    expect(lookFor(key, { session: 'idle', devices: {} }).light).toEqual({ color: COLORS.idle });
  });
});
