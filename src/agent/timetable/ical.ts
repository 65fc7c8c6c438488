import ICAL from 'ical.js';
import { ScError, messageOf } from '../../core/errors/index.js';
import type { TimetableSlot } from '../events.js';
import { isTimeZone, zonedToUtc } from './zoned.js';

type Component = InstanceType<typeof ICAL.Component>;
type Time = InstanceType<typeof ICAL.Time>;

/** A parsed calendar: the events, with the time zones of its VTIMEZONEs known to ical.js. */
export interface Calendar {
  masters: InstanceType<typeof ICAL.Event>[];
  /** The zone for floating times and TZIDs that ical.js does not know (the room's). */
  fallbackZone: string;
}

export function parseCalendar(text: string, source: string, fallbackZone: string): Calendar {
  let root: Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (err) {
    throw new ScError('SC_ERR_TIMETABLE_PARSE', { source, reason: messageOf(err) });
  }
  if (root.name !== 'vcalendar') throw new ScError('SC_ERR_TIMETABLE_PARSE', { source, reason: `the top component is ${root.name}, expected VCALENDAR` });
  for (const tz of root.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const masters = new Map<string, InstanceType<typeof ICAL.Event>>();
  const exceptions: Component[] = [];
  for (const vevent of root.getAllSubcomponents('vevent')) {
    if (vevent.hasProperty('recurrence-id')) exceptions.push(vevent);
    else {
      const event = new ICAL.Event(vevent);
      if (event.uid !== null && event.startDate !== null) masters.set(event.uid, event);
    }
  }
  for (const ex of exceptions) {
    const uid = ex.getFirstPropertyValue('uid');
    const master = typeof uid === 'string' ? masters.get(uid) : undefined;
    // An exception whose series is not in the feed is dropped: there is nothing for it to change.
    if (master !== undefined) master.relateException(ex);
  }
  return { masters: [...masters.values()], fallbackZone };
}

/** The instant of an iCal time: ical.js for UTC and known zones, Intl for IANA TZIDs and floating times. */
export function instant(t: Time, fallbackZone: string): number {
  const zone = t.zone;
  if (zone !== undefined && zone !== null && zone !== ICAL.Timezone.localTimezone) return t.toUnixTime() * 1000;
  // ical.js keeps an unregistered TZID on the time but does not declare it in its types.
  const tzid = (t as { timezone?: unknown }).timezone;
  const name = typeof tzid === 'string' && isTimeZone(tzid) ? tzid : fallbackZone;
  return zonedToUtc({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second }, name);
}

function text(component: Component, name: string): string | undefined {
  const v = component.getFirstPropertyValue(name);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function teacherOf(component: Component): string | undefined {
  const organizer = component.getFirstProperty('organizer');
  const cn = organizer?.getParameter('cn');
  if (typeof cn === 'string' && cn !== '') return cn;
  return text(component, 'x-teacher');
}

const MAX_OCCURRENCES = 10_000;

/** Every occurrence that overlaps [from, to), sorted by start. All-day events are not classes and are skipped. */
export function slotsBetween(calendar: Calendar, from: number, to: number): TimetableSlot[] {
  const out: TimetableSlot[] = [];
  for (const event of calendar.masters) {
    if (event.startDate.isDate) continue;
    const push = (item: InstanceType<typeof ICAL.Event>, start: Time, end: Time): void => {
      const status = text(item.component, 'status');
      if (status?.toUpperCase() === 'CANCELLED') return;
      const s = instant(start, calendar.fallbackZone);
      const e = instant(end, calendar.fallbackZone);
      if (e <= from || s >= to || e <= s) return;
      const course = text(item.component, 'summary');
      const teacher = teacherOf(item.component);
      const location = text(item.component, 'location');
      out.push({
        id: `${event.uid}@${new Date(s).toISOString()}`,
        uid: event.uid,
        start: s,
        end: e,
        ...(course === undefined ? {} : { course }),
        ...(teacher === undefined ? {} : { teacher }),
        ...(location === undefined ? {} : { location }),
      });
    };
    if (!event.isRecurring()) {
      push(event, event.startDate, event.endDate);
      continue;
    }
    const it = event.iterator();
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const next = it.next();
      if (next === undefined || next === null) break;
      if (instant(next, calendar.fallbackZone) >= to) break;
      const details = event.getOccurrenceDetails(next);
      push(details.item, details.startDate, details.endDate);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}
