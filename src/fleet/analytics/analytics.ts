import type { IngestRepo } from '../store/store.js';
import type { DeviceTransition, Interval, TimeRange } from '../store/types.js';

export type GroupBy = 'room' | 'site' | 'country';
export type Period = 'day' | 'week';

export interface UsageRow {
  /** UTC date the period starts on (weeks start on Monday). */
  period: string;
  key: string;
  sessions: number;
  hoursTaught: number;
  hoursRecorded: number;
}

export interface UptimeRow {
  root: string;
  device: string;
  uptimePercent: number;
  onlineHours: number;
  observedHours: number;
  /** Times the device went offline or degraded in the range. */
  failures: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export function periodStart(t: number, period: Period): number {
  const day = Math.floor(t / DAY) * DAY;
  if (period === 'day') return day;
  // 1970-01-01 was a Thursday: shift so weeks start on Monday.
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY;
}

function groupKey(root: string, by: GroupBy): string {
  const [, , country = '', site = '', room = ''] = root.split('/');
  return by === 'country' ? country : by === 'site' ? `${country}/${site}` : `${country}/${site}/${room}`;
}

/** Adds the part of [start, end) inside each period to `add`, clipped to the range. */
function split(start: number, end: number, range: TimeRange, period: Period, add: (periodStartMs: number, ms: number) => void): void {
  let t = Math.max(start, range.from);
  const stop = Math.min(end, range.to);
  while (t < stop) {
    const p = periodStart(t, period);
    const next = Math.min(stop, p + (period === 'day' ? DAY : 7 * DAY));
    add(p, next - t);
    t = next;
  }
}

/**
 * Usage and reliability figures from stored history: classes and recordings per room, site
 * or country per day or week (UTC), device uptime and the devices that fail most.
 */
export class Analytics {
  constructor(private readonly ctx: { repo: IngestRepo; now?: () => number }) {}

  private now(): number {
    return (this.ctx.now ?? Date.now)();
  }

  async usage(range: TimeRange, by: GroupBy, period: Period, roots?: ReadonlySet<string>): Promise<UsageRow[]> {
    const rows = new Map<string, UsageRow>();
    const row = (p: number, key: string): UsageRow => {
      const id = `${p}\u0000${key}`;
      let r = rows.get(id);
      if (r === undefined) rows.set(id, (r = { period: new Date(p).toISOString().slice(0, 10), key, sessions: 0, hoursTaught: 0, hoursRecorded: 0 }));
      return r;
    };
    const inScope = (i: Interval): boolean => roots === undefined || roots.has(i.root);
    const end = (i: Interval): number => i.end ?? Math.min(this.now(), range.to);
    for (const s of (await this.ctx.repo.sessions(range)).filter(inScope)) {
      const key = groupKey(s.root, by);
      if (s.start >= range.from && s.start < range.to) row(periodStart(s.start, period), key).sessions++;
      split(s.start, end(s), range, period, (p, ms) => (row(p, key).hoursTaught += ms / HOUR));
    }
    for (const r of (await this.ctx.repo.recordings(range)).filter(inScope)) {
      const key = groupKey(r.root, by);
      split(r.start, end(r), range, period, (p, ms) => (row(p, key).hoursRecorded += ms / HOUR));
    }
    return [...rows.values()]
      .map((r) => ({ ...r, hoursTaught: round(r.hoursTaught), hoursRecorded: round(r.hoursRecorded) }))
      .sort((a, b) => a.period.localeCompare(b.period) || a.key.localeCompare(b.key));
  }

  /** Online time over observed time, from status transitions (observation starts at the first one). */
  async uptime(range: TimeRange, roots?: ReadonlySet<string>): Promise<UptimeRow[]> {
    const byDevice = new Map<string, DeviceTransition[]>();
    for (const t of await this.ctx.repo.transitions(range)) {
      if (roots !== undefined && !roots.has(t.root)) continue;
      const k = `${t.root}\u0000${t.device}`;
      let list = byDevice.get(k);
      if (list === undefined) byDevice.set(k, (list = []));
      list.push(t);
    }
    const until = Math.min(range.to, this.now());
    const out: UptimeRow[] = [];
    for (const list of byDevice.values()) {
      let online = 0;
      let observed = 0;
      let failures = 0;
      list.forEach((t, i) => {
        const from = Math.max(t.at, range.from);
        const to = Math.min(list[i + 1]?.at ?? until, until);
        if (to > from) {
          observed += to - from;
          if (t.status === 'online') online += to - from;
        }
        if (t.at >= range.from && (t.status === 'offline' || t.status === 'degraded')) failures++;
      });
      const first = list[0];
      if (first === undefined || observed === 0) continue;
      out.push({
        root: first.root,
        device: first.device,
        uptimePercent: round((online / observed) * 100),
        onlineHours: round(online / HOUR),
        observedHours: round(observed / HOUR),
        failures,
      });
    }
    return out.sort((a, b) => a.root.localeCompare(b.root) || a.device.localeCompare(b.device));
  }

  async topFailures(range: TimeRange, limit: number, roots?: ReadonlySet<string>): Promise<UptimeRow[]> {
    return (await this.uptime(range, roots))
      .filter((r) => r.failures > 0)
      .sort((a, b) => b.failures - a.failures || a.uptimePercent - b.uptimePercent)
      .slice(0, limit);
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
