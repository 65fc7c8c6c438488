import { KEY_ICONS } from '../../core/config/schema/keypad.js';

/**
 * The key icons of the room config (KEY_ICONS), drawn as shapes in a unit square: each icon is a
 * test "is the point (u, v) inside", u to the right, v downwards, both 0..1. Pure and small, so
 * a key image needs no image files and tests can check pixels.
 */
type Shape = (u: number, v: number) => boolean;

const disc = (cx: number, cy: number, r: number): Shape => (u, v) => (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
const ring = (cx: number, cy: number, r: number, w: number): Shape => (u, v) => {
  const d = Math.hypot(u - cx, v - cy);
  return d <= r && d >= r - w;
};
const rect = (x0: number, y0: number, x1: number, y1: number): Shape => (u, v) => u >= x0 && u <= x1 && v >= y0 && v <= y1;
const any = (...shapes: Shape[]): Shape => (u, v) => shapes.some((s) => s(u, v));
/** A thick line from (x0, y0) to (x1, y1). */
const bar = (x0: number, y0: number, x1: number, y1: number, w: number): Shape => (u, v) => {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const t = Math.max(0, Math.min(1, ((u - x0) * dx + (v - y0) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(u - (x0 + t * dx), v - (y0 + t * dy)) <= w / 2;
};
const play: Shape = (u, v) => u >= 0.25 && u <= 0.8 && Math.abs(v - 0.5) <= (0.8 - u) * 0.62;
const help: Shape = any(
  (u, v) => ring(0.5, 0.33, 0.2, 0.09)(u, v) && !(u < 0.5 && v > 0.33),
  rect(0.455, 0.5, 0.545, 0.66),
  disc(0.5, 0.82, 0.065),
);
const rays = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => {
  const a = (i * Math.PI) / 4;
  return bar(0.5 + Math.cos(a) * 0.3, 0.5 + Math.sin(a) * 0.3, 0.5 + Math.cos(a) * 0.44, 0.5 + Math.sin(a) * 0.44, 0.07);
});

const SHAPES: Readonly<Record<(typeof KEY_ICONS)[number], Shape>> = {
  record: disc(0.5, 0.5, 0.32),
  stop: rect(0.22, 0.22, 0.78, 0.78),
  pause: any(rect(0.24, 0.2, 0.42, 0.8), rect(0.58, 0.2, 0.76, 0.8)),
  play,
  power: any((u, v) => ring(0.5, 0.55, 0.32, 0.09)(u, v) && !(v < 0.45 && Math.abs(u - 0.5) < 0.14), rect(0.455, 0.12, 0.545, 0.5)),
  help,
  plus: any(rect(0.2, 0.45, 0.8, 0.55), rect(0.45, 0.2, 0.55, 0.8)),
  minus: rect(0.2, 0.45, 0.8, 0.55),
  screen: any((u, v) => rect(0.12, 0.18, 0.88, 0.68)(u, v) && !rect(0.2, 0.26, 0.8, 0.6)(u, v), rect(0.45, 0.68, 0.55, 0.8), rect(0.3, 0.8, 0.7, 0.86)),
  camera: any(rect(0.12, 0.3, 0.64, 0.7), (u, v) => u >= 0.64 && u <= 0.9 && Math.abs(v - 0.5) <= (u - 0.64) * 0.77 + 0.05),
  light: any(disc(0.5, 0.5, 0.2), ...rays),
  'mic-off': any((u, v) => rect(0.38, 0.15, 0.62, 0.6)(u, v) || disc(0.5, 0.15, 0.12)(u, v) || disc(0.5, 0.6, 0.12)(u, v), rect(0.46, 0.72, 0.54, 0.86), bar(0.15, 0.15, 0.85, 0.85, 0.08)),
};

export function isKeyIcon(name: string): name is (typeof KEY_ICONS)[number] {
  return (KEY_ICONS as readonly string[]).includes(name);
}

/** Paints `icon` in colour `fg` into the box of an RGB image `size` pixels wide; unknown icons paint nothing. */
export function drawIcon(out: Buffer, size: number, icon: string, fg: readonly [number, number, number], box: { x: number; y: number; w: number; h: number }): void {
  if (!isKeyIcon(icon)) return;
  const shape = SHAPES[icon];
  const side = Math.min(box.w, box.h);
  const left = box.x + Math.floor((box.w - side) / 2);
  const top = box.y + Math.floor((box.h - side) / 2);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (!shape((x + 0.5) / side, (y + 0.5) / side)) continue;
      const px = left + x;
      const py = top + y;
      if (px >= 0 && px < size && py >= 0 && py < size) out.set(fg, (py * size + px) * 3);
    }
  }
}
