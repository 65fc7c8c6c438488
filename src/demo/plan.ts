import type { DemoFleet } from './fleet-file.js';
import { seededRandom } from '../core/random.js';

/** One timetable slot of a simulated room (sim time, ms). */
export interface DemoSlot {
  uid: string;
  start: number;
  end: number;
  course: string;
  teacher: string;
}

export type CameraKind = 'onvif' | 'visca';
export type RecorderKind = 'extron-smp' | 'pearl';

/** One simulated classroom: where it is, what it has, and its timetable. */
export interface RoomPlan {
  index: number;
  country: string;
  countryName: string;
  site: string;
  siteName: string;
  room: string;
  name: string;
  timezone: string;
  language: string;
  /** The panel talks over a PTY pair (socat) rather than TCP. */
  panelPty: boolean;
  camera: CameraKind;
  recorder: RecorderKind;
  slots: DemoSlot[];
}

export interface PlanOptions {
  rooms: number;
  /** Sim time the timetables are generated around (ms). */
  now: number;
  /** Rooms whose panel uses a PTY pair (when socat is present). */
  ptyRooms: number;
  /** How many sim days of timetable to generate. */
  days?: number;
  seed?: number;
}


function pick<T>(rng: () => number, list: readonly T[]): T {
  const item = list[Math.floor(rng() * list.length)];
  if (item === undefined) throw new RangeError('pick from an empty list');
  return item;
}

export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

const MINUTE = 60_000;

/**
 * Classes back to back with short breaks, starting around now: whenever the demo is started,
 * about two rooms in three have a class due, so the dashboard has something to show at once.
 */
function slotsFor(rng: () => number, room: string, fleet: DemoFleet, teachers: readonly string[], now: number, days: number): DemoSlot[] {
  const slots: DemoSlot[] = [];
  let t = Math.floor((now - rng() * 75 * MINUTE) / (5 * MINUTE)) * 5 * MINUTE;
  const until = now + days * 24 * 60 * MINUTE;
  for (let k = 0; t < until; k++) {
    const length = pick(rng, [50, 60, 90, 90, 120]) * MINUTE;
    if (rng() < 0.8) slots.push({ uid: `demo-${room}-${k}@smart-classroom`, start: t, end: t + length, course: pick(rng, fleet.courses), teacher: pick(rng, teachers) });
    t += length + pick(rng, [10, 15, 15, 30, 45]) * MINUTE;
  }
  return slots;
}

/**
 * Rooms handed out round-robin over the sites of the demo fleet: a small demo still spans every
 * country. Deterministic for a seed (timetables shift with `now`).
 */
export function planRooms(fleet: DemoFleet, options: PlanOptions): RoomPlan[] {
  const sites = fleet.countries.flatMap((c) => c.sites.map((s) => ({ country: c, site: s })));
  const used = new Map<string, number>();
  const ids = new Set<string>();
  const plans: RoomPlan[] = [];
  for (let i = 0; i < options.rooms; i++) {
    const rng = seededRandom((options.seed ?? 11) * 100_003 + i);
    const entry = sites[i % sites.length];
    if (entry === undefined) break;
    const { country, site } = entry;
    const key = `${country.code}/${site.id}`;
    const k = used.get(key) ?? 0;
    used.set(key, k + 1);
    let name = site.rooms[k] ?? `${site.prefix} ${k + 1}`;
    // A generated "Hall 3" must not collide with a named "Hall 3" of the same site.
    for (let n = k + 2; ids.has(`${key}/${slug(name)}`); n++) name = `${site.prefix} ${n}`;
    const room = slug(name);
    ids.add(`${key}/${room}`);
    plans.push({
      index: i,
      country: country.code,
      countryName: country.name,
      site: site.id,
      siteName: site.name,
      room,
      name,
      timezone: country.timezone,
      language: country.languages[k % country.languages.length] ?? 'en',
      panelPty: i < options.ptyRooms,
      // Most rooms have an ONVIF camera and an Extron recorder; some a VISCA camera or a Pearl.
      camera: i % 4 === 3 ? 'visca' : 'onvif',
      recorder: i % 5 === 4 ? 'pearl' : 'extron-smp',
      slots: slotsFor(rng, room, fleet, country.teachers, options.now, options.days ?? 7),
    });
  }
  return plans;
}

export function roomRootOf(plan: Pick<RoomPlan, 'country' | 'site' | 'room'>): string {
  return `sc/v1/${plan.country}/${plan.site}/${plan.room}`;
}
