import type { RoomSummaryDto } from '../api/types.js';
import { isLive, roomLevel, worse, type Level } from './levels.js';

/** Counts that matter now, for the whole fleet, a country or a site. */
export interface Counts {
  rooms: number;
  online: number;
  live: number;
  recording: number;
  alerts: number;
  level: Level;
}

export function emptyCounts(): Counts {
  return { rooms: 0, online: 0, live: 0, recording: 0, alerts: 0, level: 'ok' };
}

export function addRoom(c: Counts, r: RoomSummaryDto): void {
  c.rooms += 1;
  if (r.online) c.online += 1;
  if (isLive(r)) c.live += 1;
  if (r.online && r.recording) c.recording += 1;
  c.alerts += r.alerts;
  c.level = c.rooms === 1 ? roomLevel(r) : worse(c.level, roomLevel(r));
}

export interface Aggregates {
  total: Counts;
  /** By country code. */
  countries: Map<string, Counts>;
  /** By `country/site`. */
  sites: Map<string, Counts>;
}

/**
 * One pass over every room. Cheap enough to redo per batched update for thousands of rooms
 * (a few hundred microseconds), which keeps it simple and always consistent.
 */
export function aggregate(rooms: Iterable<RoomSummaryDto>): Aggregates {
  const total = emptyCounts();
  const countries = new Map<string, Counts>();
  const sites = new Map<string, Counts>();
  for (const r of rooms) {
    addRoom(total, r);
    let c = countries.get(r.country);
    if (c === undefined) countries.set(r.country, (c = emptyCounts()));
    addRoom(c, r);
    const key = `${r.country}/${r.site}`;
    let s = sites.get(key);
    if (s === undefined) sites.set(key, (s = emptyCounts()));
    addRoom(s, r);
  }
  return { total, countries, sites };
}

/** Worst first, then by name: the rooms that need someone come to the top of a list. */
export function byUrgency<T>(items: T[], level: (t: T) => Level, name: (t: T) => string): T[] {
  const rank: Record<Level, number> = { offline: 0, degraded: 1, unknown: 2, ok: 3 };
  return items.sort((a, b) => rank[level(a)] - rank[level(b)] || name(a).localeCompare(name(b)));
}
