import type { BirthMessage, DeviceStateMessage, SessionMessage } from '../../contract/mqtt/index.js';
import { seededRandom } from '../../core/random.js';

/**
 * The layout of a simulated fleet: which rooms exist, where, with which devices and in which
 * state they start. Deterministic for a seed, so a test, the demo and the ingest benchmark
 * see the same fleet every run.
 */
export interface SimDeviceSpec {
  id: string;
  driver: string;
  name: string;
  capabilities: string[];
  state: DeviceStateMessage;
}

export interface SimRoomSpec {
  country: string;
  site: string;
  room: string;
  name: string;
  siteName: string;
  timezone: string;
  devices: SimDeviceSpec[];
  session: SessionMessage;
  remoteAllow: string[];
  scenes: BirthMessage['scenes'];
}

export interface CountryPlan {
  /** ISO 3166-1 alpha-2, lower case (the topic level). */
  code: string;
  sites: number;
  roomsPerSite: number;
  timezone?: string;
}

export interface FleetPlanOptions {
  countries: readonly CountryPlan[];
  seed?: number;
  /** Share of rooms whose class is live at the start (0..1). */
  liveShare?: number;
  /** Share of live rooms whose recorder runs. */
  recordingShare?: number;
  /** Share of devices that start offline. */
  offlineDeviceShare?: number;
  /** When the starting sessions began (ms). */
  now?: number;
}


/** A spread of the programme's countries, as the demo and tests use it. */
export const DEMO_COUNTRIES: readonly CountryPlan[] = [
  { code: 'ke', sites: 3, roomsPerSite: 12, timezone: 'Africa/Nairobi' },
  { code: 'et', sites: 2, roomsPerSite: 10, timezone: 'Africa/Addis_Ababa' },
  { code: 'ng', sites: 3, roomsPerSite: 10, timezone: 'Africa/Lagos' },
  { code: 'gh', sites: 2, roomsPerSite: 8, timezone: 'Africa/Accra' },
  { code: 'tz', sites: 2, roomsPerSite: 8, timezone: 'Africa/Dar_es_Salaam' },
  { code: 'zm', sites: 2, roomsPerSite: 6, timezone: 'Africa/Lusaka' },
  { code: 'sn', sites: 1, roomsPerSite: 8, timezone: 'Africa/Dakar' },
  { code: 'eg', sites: 2, roomsPerSite: 10, timezone: 'Africa/Cairo' },
  { code: 'ma', sites: 1, roomsPerSite: 8, timezone: 'Africa/Casablanca' },
  { code: 'mn', sites: 2, roomsPerSite: 8, timezone: 'Asia/Ulaanbaatar' },
  { code: 'kz', sites: 2, roomsPerSite: 10, timezone: 'Asia/Almaty' },
  { code: 'uz', sites: 2, roomsPerSite: 10, timezone: 'Asia/Tashkent' },
  { code: 'kg', sites: 1, roomsPerSite: 6, timezone: 'Asia/Bishkek' },
  { code: 'tj', sites: 1, roomsPerSite: 6, timezone: 'Asia/Dushanbe' },
  { code: 'pk', sites: 2, roomsPerSite: 8, timezone: 'Asia/Karachi' },
  { code: 'rw', sites: 1, roomsPerSite: 6, timezone: 'Africa/Kigali' },
  { code: 'ug', sites: 1, roomsPerSite: 8, timezone: 'Africa/Kampala' },
];

const SITE_WORDS = ['central', 'north', 'east', 'west', 'south', 'city', 'tech', 'normal', 'poly', 'open'];
const COURSES = ['Physics', 'Mathematics', 'Chemistry', 'Biology', 'Computer Science', 'Economics', 'History', 'Languages', 'Statistics', 'Engineering'];
const TEACHERS = ['A. Mensah', 'B. Otieno', 'C. Bekele', 'D. Nurlan', 'E. Bat-Erdene', 'F. Diallo', 'G. Karimov', 'H. Okafor', 'I. Haddad', 'J. Mwangi'];

export const DEFAULT_REMOTE_ALLOW = ['session.start', 'session.end', 'scene.run', 'device.action', 'rebirth'];

function pick<T>(items: readonly T[], rnd: () => number): T {
  return items[Math.floor(rnd() * items.length) % items.length] as T;
}

function devicesFor(rnd: () => number, offlineShare: number, recordingSince: number | undefined, now: number): SimDeviceSpec[] {
  const recording = recordingSince !== undefined;
  const status = (): DeviceStateMessage['status'] => (rnd() < offlineShare ? 'offline' : 'online');
  const latency = () => Math.round(5 + rnd() * 40);
  const panel: SimDeviceSpec = {
    id: 'panel',
    driver: 'samsung-mdc',
    name: 'Front panel',
    capabilities: ['power', 'input', 'volume', 'health'],
    state: { status: status(), power: 'on', input: 'hdmi1', volume: 20, latencyMs: latency(), model: 'QB75R', ts: now },
  };
  const camera: SimDeviceSpec = {
    id: 'camera',
    driver: 'onvif',
    name: 'Lecture camera',
    capabilities: ['ptz', 'presets', 'stream', 'health'],
    state: { status: status(), ptz: { pan: 0, tilt: 0, zoom: 0 }, preset: 'lectern', latencyMs: latency(), ts: now },
  };
  const recorder: SimDeviceSpec = {
    id: 'recorder',
    driver: 'pearl',
    name: 'Recorder',
    capabilities: ['recorder', 'health'],
    // A running recorder reports since when it records, so the fleet counts its hours from then.
    state: {
      status: status(),
      recorder: { activity: recording ? 'recording' : 'stopped', elapsedSeconds: recording ? Math.round((now - recordingSince) / 1000) : 0, freeBytes: 400e9 },
      latencyMs: latency(),
      ts: recordingSince ?? now,
    },
  };
  const keypad: SimDeviceSpec = {
    id: 'keypad',
    driver: 'streamdeck',
    name: 'Lectern keypad',
    capabilities: ['keypad'],
    state: { status: 'online', ts: now },
  };
  return [panel, camera, recorder, keypad];
}

/** Every room of the plan, grouped country by country, site by site. */
export function planFleet(options: FleetPlanOptions): SimRoomSpec[] {
  const rnd = seededRandom(options.seed ?? 1);
  const now = options.now ?? Date.now();
  const liveShare = options.liveShare ?? 0.35;
  const recordingShare = options.recordingShare ?? 0.6;
  const offlineShare = options.offlineDeviceShare ?? 0.01;
  const rooms: SimRoomSpec[] = [];
  for (const country of options.countries) {
    for (let s = 0; s < country.sites; s++) {
      const word = SITE_WORDS[s % SITE_WORDS.length] ?? 'site';
      const site = `${country.code}-${word}${s >= SITE_WORDS.length ? `-${s}` : ''}`;
      const siteName = `${country.code.toUpperCase()} ${word[0]?.toUpperCase() ?? ''}${word.slice(1)} Campus`;
      for (let r = 0; r < country.roomsPerSite; r++) {
        const live = rnd() < liveShare;
        const recording = live && rnd() < recordingShare;
        const session: SessionMessage = live
          ? { state: 'live', since: now - Math.round(rnd() * 3_000_000), by: { kind: 'timetable' }, scene: 'start-class', course: pick(COURSES, rnd), teacher: pick(TEACHERS, rnd) }
          : { state: 'idle', since: now - Math.round(rnd() * 3_000_000), by: { kind: 'system' } };
        rooms.push({
          country: country.code,
          site,
          room: `room-${String(r + 1).padStart(2, '0')}`,
          name: `Room ${r + 1}`,
          siteName,
          timezone: country.timezone ?? 'UTC',
          devices: devicesFor(rnd, offlineShare, recording ? session.since : undefined, now),
          session,
          remoteAllow: [...DEFAULT_REMOTE_ALLOW],
          scenes: [
            { id: 'start-class', label: 'Start class' },
            { id: 'end-class', label: 'End class' },
            { id: 'exam', label: 'Exam' },
          ],
        });
      }
    }
  }
  return rooms;
}
