import type { RoomSummaryDto } from '../api/types.js';

/**
 * How bad a room is, in one word, for colours and sorting. `unknown` is a room that never
 * connected (provisioned, not installed yet): not fine, but not a failure either.
 */
export type Level = 'ok' | 'unknown' | 'degraded' | 'offline';

const RANK: Readonly<Record<Level, number>> = { ok: 0, unknown: 1, degraded: 2, offline: 3 };

export function roomLevel(r: RoomSummaryDto): Level {
  if (!r.online) return r.lastSeen === 0 ? 'unknown' : 'offline';
  if (r.devicesOffline > 0 || r.devicesDegraded > 0 || r.session === 'degraded' || r.alerts > 0) return 'degraded';
  return 'ok';
}

export function worse(a: Level, b: Level): Level {
  return RANK[b] > RANK[a] ? b : a;
}

/** The worst of several levels; `ok` for none. */
export function worst(levels: Iterable<Level>): Level {
  let out: Level = 'ok';
  for (const l of levels) out = worse(out, l);
  return out;
}

export function levelRank(l: Level): number {
  return RANK[l];
}

/** Fill colours, chosen to stay apart for the common colour-vision deficiencies. */
export const LEVEL_COLOURS: Readonly<Record<Level, string>> = {
  ok: '#2e9e5b',
  unknown: '#9aa5b1',
  degraded: '#e8a33d',
  offline: '#d64545',
};

export function isLive(r: RoomSummaryDto): boolean {
  return r.online && (r.session === 'live' || r.session === 'degraded' || r.session === 'starting');
}
