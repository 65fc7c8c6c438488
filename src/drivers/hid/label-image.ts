import { drawIcon, isKeyIcon } from './key-icons.js';
import { parseColor } from './keymap.js';

/**
 * A 5x7 font (one byte per column, bit 0 at the top) for the few words a classroom key says:
 * LIVE, REC, ON AIR, START, END, HELP, numbers. Letters are drawn upper-case; characters
 * outside this set are drawn as '?'. Richer images (icons, other scripts) come as pixels.
 */
const GLYPHS: Readonly<Record<string, readonly number[]>> = {
  ' ': [0, 0, 0, 0, 0],
  A: [0x7c, 0x12, 0x11, 0x12, 0x7c], B: [0x7f, 0x49, 0x49, 0x49, 0x36], C: [0x3e, 0x41, 0x41, 0x41, 0x22],
  D: [0x7f, 0x41, 0x41, 0x22, 0x1c], E: [0x7f, 0x49, 0x49, 0x49, 0x41], F: [0x7f, 0x09, 0x09, 0x09, 0x01],
  G: [0x3e, 0x41, 0x49, 0x49, 0x7a], H: [0x7f, 0x08, 0x08, 0x08, 0x7f], I: [0x00, 0x41, 0x7f, 0x41, 0x00],
  J: [0x20, 0x40, 0x41, 0x3f, 0x01], K: [0x7f, 0x08, 0x14, 0x22, 0x41], L: [0x7f, 0x40, 0x40, 0x40, 0x40],
  M: [0x7f, 0x02, 0x0c, 0x02, 0x7f], N: [0x7f, 0x04, 0x08, 0x10, 0x7f], O: [0x3e, 0x41, 0x41, 0x41, 0x3e],
  P: [0x7f, 0x09, 0x09, 0x09, 0x06], Q: [0x3e, 0x41, 0x51, 0x21, 0x5e], R: [0x7f, 0x09, 0x19, 0x29, 0x46],
  S: [0x26, 0x49, 0x49, 0x49, 0x32], T: [0x01, 0x01, 0x7f, 0x01, 0x01], U: [0x3f, 0x40, 0x40, 0x40, 0x3f],
  V: [0x1f, 0x20, 0x40, 0x20, 0x1f], W: [0x3f, 0x40, 0x38, 0x40, 0x3f], X: [0x63, 0x14, 0x08, 0x14, 0x63],
  Y: [0x07, 0x08, 0x70, 0x08, 0x07], Z: [0x61, 0x51, 0x49, 0x45, 0x43],
  '0': [0x3e, 0x51, 0x49, 0x45, 0x3e], '1': [0x00, 0x42, 0x7f, 0x40, 0x00], '2': [0x42, 0x61, 0x51, 0x49, 0x46],
  '3': [0x21, 0x41, 0x45, 0x4b, 0x31], '4': [0x18, 0x14, 0x12, 0x7f, 0x10], '5': [0x27, 0x45, 0x45, 0x45, 0x39],
  '6': [0x3c, 0x4a, 0x49, 0x49, 0x30], '7': [0x01, 0x71, 0x09, 0x05, 0x03], '8': [0x36, 0x49, 0x49, 0x49, 0x36],
  '9': [0x06, 0x49, 0x49, 0x29, 0x1e],
  '-': [0x08, 0x08, 0x08, 0x08, 0x08], '.': [0x00, 0x60, 0x60, 0x00, 0x00], ':': [0x00, 0x36, 0x36, 0x00, 0x00],
  '!': [0x00, 0x00, 0x5f, 0x00, 0x00], '?': [0x02, 0x01, 0x51, 0x09, 0x06], '/': [0x20, 0x10, 0x08, 0x04, 0x02],
};

const CELL_W = 6; // 5 columns and one of spacing
const CELL_H = 8;

function glyph(ch: string): readonly number[] {
  return GLYPHS[ch.toUpperCase()] ?? GLYPHS['?'] ?? [];
}

/** Splits a label into at most three lines that fit `perLine` characters, breaking at spaces. */
export function wrapLabel(label: string, perLine: number): string[] {
  const lines: string[] = [];
  for (const word of label.trim().split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= perLine) lines[lines.length - 1] = `${last} ${word}`;
    else for (let i = 0; i < word.length; i += perLine) lines.push(word.slice(i, i + perLine));
  }
  return lines.slice(0, 3);
}

/** Draws label lines centred in a box, as large as fits. */
function drawText(out: Buffer, size: number, label: string, fg: number, box: { x: number; y: number; w: number; h: number }): void {
  const lines = wrapLabel(label, Math.max(1, Math.floor(box.w / CELL_W)));
  if (lines.length === 0) return;
  const widest = Math.max(...lines.map((l) => l.length));
  const scale = Math.max(1, Math.min(Math.floor(box.w / (widest * CELL_W)), Math.floor(box.h / (lines.length * CELL_H))));
  const top = box.y + Math.floor((box.h - lines.length * CELL_H * scale) / 2);
  lines.forEach((line, row) => {
    const left = box.x + Math.floor((box.w - line.length * CELL_W * scale) / 2);
    [...line].forEach((ch, col) => {
      glyph(ch).forEach((bits, gx) => {
        for (let gy = 0; gy < 7; gy++) {
          if ((bits & (1 << gy)) === 0) continue;
          for (let dy = 0; dy < scale; dy++) {
            for (let dx = 0; dx < scale; dx++) {
              const x = left + (col * CELL_W + gx) * scale + dx;
              const y = top + (row * CELL_H + gy) * scale + dy;
              if (x >= 0 && x < size && y >= 0 && y < size) out.fill(fg, (y * size + x) * 3, (y * size + x) * 3 + 3);
            }
          }
        }
      });
    });
  });
}

/**
 * A square RGB image (size x size x 3 bytes): an icon (KEY_ICONS) and/or a label on a background
 * colour, drawn black or white by the background's brightness. With both, the icon takes the top
 * and the label one line at the bottom. Pure: tests check pixels.
 */
export function renderKey(size: number, face: { label?: string; icon?: string; background: string }): Buffer {
  const bg = parseColor(face.background);
  const out = Buffer.alloc(size * size * 3);
  for (let i = 0; i < size * size; i++) out.set([bg.r, bg.g, bg.b], i * 3);
  const luminance = 0.299 * bg.r + 0.587 * bg.g + 0.114 * bg.b;
  const fg = luminance > 140 ? 0 : 255;
  const margin = Math.max(2, Math.floor(size / 12));
  const usable = size - 2 * margin;
  const label = (face.label ?? '').trim();
  if (face.icon !== undefined && isKeyIcon(face.icon)) {
    const textH = label === '' ? 0 : Math.max(CELL_H, Math.floor(usable * 0.3));
    drawIcon(out, size, face.icon, [fg, fg, fg], { x: margin, y: margin, w: usable, h: usable - textH });
    if (label !== '') drawText(out, size, wrapLabel(label, Math.floor(usable / CELL_W))[0] ?? '', fg, { x: margin, y: margin + usable - textH, w: usable, h: textH });
    return out;
  }
  drawText(out, size, label, fg, { x: margin, y: margin, w: usable, h: usable });
  return out;
}

/** The label alone on a background (see renderKey). */
export function renderLabel(size: number, label: string, background: string): Buffer {
  return renderKey(size, { label, background });
}
