import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

interface Props<T> {
  items: readonly T[];
  rowHeight: number;
  /** Visible height in px. */
  height: number;
  itemKey(item: T): string | number;
  row(item: T, index: number): ComponentChildren;
  label: string;
  testId?: string;
}

const OVERSCAN = 6;

/**
 * Renders only the rows in view (plus a few), so a list of ten thousand rooms costs the same
 * as a list of thirty. Rows have one fixed height; that is what makes the arithmetic exact.
 */
export function VirtualList<T>({ items, rowHeight, height, itemKey, row, label, testId }: Props<T>) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    let frame = 0;
    const on = () => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setScrollTop(el.scrollTop);
      });
    };
    el.addEventListener('scroll', on, { passive: true });
    return () => {
      el.removeEventListener('scroll', on);
      cancelAnimationFrame(frame);
    };
  }, []);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const visible = items.slice(first, last);
  return (
    <div ref={box} class="vlist" style={{ height: `${Math.min(height, items.length * rowHeight + 2)}px` }} role="list" aria-label={label} data-testid={testId} data-count={items.length}>
      <div style={{ height: `${items.length * rowHeight}px`, position: 'relative' }}>
        {visible.map((item, i) => (
          <div key={itemKey(item)} role="listitem" class="vrow" style={{ top: `${(first + i) * rowHeight}px`, height: `${rowHeight}px` }}>
            {row(item, first + i)}
          </div>
        ))}
      </div>
    </div>
  );
}
