/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * Where browser tests put their screenshots: `SC_SCREENSHOT_DIR` when set (`npm run screenshots`
 * points it at docs/screenshots/), else a folder under the system temp dir, so a test run never
 * changes tracked files.
 */
export function screenshotDir(): string {
  const dir = process.env.SC_SCREENSHOT_DIR ?? join(tmpdir(), 'sc-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export const shot = (name: string): string => join(screenshotDir(), name);

/** The smallest touch target a teacher or technician gets, in CSS px. */
export const MIN_TARGET = 44;

export interface LayoutOptions {
  /** Check that the page is no taller than the viewport (the wall panel never scrolls). */
  noVerticalScroll?: boolean;
  /** Check touch targets (every button, link, select, input). */
  targets?: boolean;
}

/**
 * What does not fit, as sentences naming the element: the page wider (or taller) than the
 * viewport, a control or a block of text wider or taller than its own box (clipped or spilling
 * over its neighbours), a control outside the viewport, a touch target under 44 px. Elements
 * marked `data-clamp` may cut their text on purpose (a room name beyond two lines).
 */
export async function layoutProblems(page: Page, options: LayoutOptions = {}): Promise<string[]> {
  return page.evaluate(
    ({ noVerticalScroll, targets, min }) => {
      const problems: string[] = [];
      const vw = window.innerWidth;
      const vh = window.innerHeight;
      const root = document.documentElement;
      const name = (el: Element): string => {
        const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
        const cls = typeof el.className === 'string' && el.className !== '' ? `.${el.className.split(' ').join('.')}` : '';
        return `<${el.tagName.toLowerCase()}${cls}> "${text}"`;
      };
      if (root.scrollWidth > vw) problems.push(`the page is ${root.scrollWidth} px wide in a ${vw} px viewport`);
      if (noVerticalScroll === true && root.scrollHeight > vh) problems.push(`the page is ${root.scrollHeight} px tall in a ${vh} px viewport`);
      const visible = (el: Element): boolean => {
        if (el.closest('.sr-only, [hidden], dialog:not([open])') !== null) return false;
        const style = getComputedStyle(el);
        if (style.display === 'none' || style.visibility === 'hidden') return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      };
      const controls = [...document.querySelectorAll('button, a[href], select, input:not([type=hidden]), textarea, [role=button], [role=tab]')].filter(visible);
      for (const el of controls) {
        const r = el.getBoundingClientRect();
        // A radio or checkbox is reached through its label: the label is the target.
        const target = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox') ? (el.closest('label') ?? el) : el;
        const t = target.getBoundingClientRect();
        if (targets === true && (t.width < min - 0.5 || t.height < min - 0.5)) problems.push(`touch target ${name(target)} is ${Math.round(t.width)}x${Math.round(t.height)} px`);
        if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) problems.push(`${name(el)} overflows its box (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
        if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || (noVerticalScroll === true && r.bottom > vh + 0.5)) problems.push(`${name(el)} is outside the viewport (${Math.round(r.left)},${Math.round(r.top)}-${Math.round(r.right)},${Math.round(r.bottom)})`);
      }
      // Blocks that hold text themselves: their text must fit their box.
      for (const el of document.body.querySelectorAll('*')) {
        if (!visible(el) || el.closest('[data-clamp]') !== null || el.closest('svg') !== null) continue;
        const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
        if (!own) continue;
        const style = getComputedStyle(el);
        if (style.display === 'inline' || style.display === 'contents') continue;
        if (el.scrollWidth > el.clientWidth + 1) problems.push(`the text of ${name(el)} is wider than its box (${el.scrollWidth} > ${el.clientWidth})`);
        const card = el.parentElement?.closest('.card, .top, td, th, .device-card');
        if (card !== null && card !== undefined) {
          const r = el.getBoundingClientRect();
          const c = card.getBoundingClientRect();
          if (r.right > c.right + 1 || r.left < c.left - 1 || r.bottom > c.bottom + 1) problems.push(`${name(el)} spills out of ${name(card).split(' ')[0] ?? ''}`);
        }
      }
      return [...new Set(problems)];
    },
    { noVerticalScroll: options.noVerticalScroll ?? false, targets: options.targets ?? true, min: MIN_TARGET },
  );
}
