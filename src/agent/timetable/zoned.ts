/** Offset of an IANA zone at an instant, in ms (east of UTC positive), from Intl. */
function offsetAt(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant of a wall-clock time in a zone. In the hour skipped by a DST change the time is
 * moved forward by the gap; in the hour repeated, the first occurrence is taken.
 */
export function zonedToUtc(wall: { year: number; month: number; day: number; hour: number; minute: number; second: number }, timeZone: string): number {
  const naive = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const day = 86_400_000;
  const before = naive - offsetAt(naive - day, timeZone);
  const after = naive - offsetAt(naive + day, timeZone);
  const valid = [before, after].filter((c) => offsetAt(c, timeZone) === naive - c);
  if (valid.length > 0) return Math.min(...valid);
  return before;
}
