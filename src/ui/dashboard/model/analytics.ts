import type { AnalyticsRowDto } from '../api/types.js';

export interface DaySeries {
  /** Day starts, seconds (uPlot's time unit). */
  xs: number[];
  taught: number[];
  recorded: number[];
}

const DAY = 86_400_000;

/** Hours per day for the rows that match, every day of the range present (zeros included). */
export function daySeries(rows: readonly AnalyticsRowDto[], from: number, to: number, match: (r: AnalyticsRowDto) => boolean): DaySeries {
  const first = Math.floor(from / DAY) * DAY;
  const days = Math.max(1, Math.ceil((to - first) / DAY));
  const taught = new Array<number>(days).fill(0);
  const recorded = new Array<number>(days).fill(0);
  for (const r of rows) {
    if (!match(r)) continue;
    const i = Math.floor((r.day - first) / DAY);
    if (i < 0 || i >= days) continue;
    taught[i] = (taught[i] ?? 0) + r.hoursTaught;
    recorded[i] = (recorded[i] ?? 0) + r.hoursRecorded;
  }
  return { xs: Array.from({ length: days }, (_, i) => (first + i * DAY) / 1000), taught, recorded };
}

export interface Totals {
  key: string;
  hoursTaught: number;
  hoursRecorded: number;
  classes: number;
}

/** Totals per country (`by: 'country'`) or per `country/site`, most taught first. */
export function totalsBy(rows: readonly AnalyticsRowDto[], by: 'country' | 'site'): Totals[] {
  const map = new Map<string, Totals>();
  for (const r of rows) {
    const key = by === 'country' ? r.country : `${r.country}/${r.site}`;
    let t = map.get(key);
    if (t === undefined) map.set(key, (t = { key, hoursTaught: 0, hoursRecorded: 0, classes: 0 }));
    t.hoursTaught += r.hoursTaught;
    t.hoursRecorded += r.hoursRecorded;
    t.classes += r.classes;
  }
  return [...map.values()].sort((a, b) => b.hoursTaught - a.hoursTaught || a.key.localeCompare(b.key));
}
