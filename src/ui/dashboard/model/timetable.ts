import type { I18n } from '../../shared/i18n.js';
import type { TimetableSlotDto } from '../api/types.js';

/** One line of the room page's "Next classes": the slot, whether it runs now, its times as the locale writes them. */
export interface NextClass extends TimetableSlotDto {
  running: boolean;
  /** "Mon 09:00" (the day, then the start time) in the room's time zone when it is known. */
  when: string;
  /** The end time ("10:30"). */
  until: string;
}

/** The slots not over at `now`, soonest first, at most `limit`, with their times formatted by Intl. */
export function nextClasses(slots: readonly TimetableSlotDto[], now: number, i18n: I18n, timeZone?: string, limit = 5): NextClass[] {
  const zone: Intl.DateTimeFormatOptions = timeZone === undefined ? {} : { timeZone };
  return slots
    .filter((s) => s.end > now)
    .sort((a, b) => a.start - b.start)
    .slice(0, limit)
    .map((s) => ({
      ...s,
      running: s.start <= now,
      when: i18n.dateTime(s.start, { weekday: 'short', hour: '2-digit', minute: '2-digit', ...zone }),
      until: i18n.dateTime(s.end, { hour: '2-digit', minute: '2-digit', ...zone }),
    }));
}
