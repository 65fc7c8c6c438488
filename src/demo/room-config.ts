import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { RoomLoadedConfig } from '../agent/config.js';
import { PEARL_SIM_DEFAULTS } from '../simulators/recorders/index.js';
import { loadConfigFile, type RoomConfig } from '../core/config/index.js';
import { DEMO_KEYS } from './demo-keypad.js';
import type { DemoSlot, RoomPlan } from './plan.js';
import { DEMO_CAMERA_LOGIN, DEMO_RECORDER_PASSWORD, type DeviceTargets } from './room-devices.js';

export interface RoomUplink {
  url: string;
  username: string;
  password: string;
}

export interface RoomFilesOptions {
  plan: RoomPlan;
  dir: string;
  targets: DeviceTargets;
  uplink: RoomUplink;
  /** Device polling, stretched for big demos so hundreds of rooms fit on two cores. */
  pollScale: number;
}

function icsTime(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function icsText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`);
}

/** The room's timetable as an iCal file, as a university timetabling system would publish it. */
export function timetableIcs(plan: RoomPlan, slots: readonly DemoSlot[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Smart Classroom//demo timetable//EN', `X-WR-CALNAME:${icsText(plan.name)}`];
  for (const s of slots) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${s.uid}`,
      `DTSTAMP:${icsTime(s.start)}`,
      `DTSTART:${icsTime(s.start)}`,
      `DTEND:${icsTime(s.end)}`,
      `SUMMARY:${icsText(s.course)}`,
      `ORGANIZER;CN=${icsText(s.teacher)}:mailto:teacher@example.org`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

function secretFile(dir: string, name: string, value: string): string {
  const path = join(dir, name);
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return path;
}

function roomDocument(o: RoomFilesOptions, files: { timetable: string; mqtt: string; camera: string; recorder: string; pearl: string }): RoomConfig {
  const { plan, targets } = o;
  const poll = (ms: number): number => Math.round(ms * o.pollScale);
  const camera: RoomConfig['devices'][number] =
    plan.camera === 'visca'
      ? { id: 'camera', name: 'Rear PTZ camera (VISCA)', driver: 'visca', target: targets.camera, pollIntervalMs: poll(15_000), timeoutMs: 1000 }
      : { id: 'camera', name: 'Rear PTZ camera', driver: 'onvif', target: targets.camera, username: DEMO_CAMERA_LOGIN.username, password_file: files.camera, pollIntervalMs: poll(15_000), options: { events: false } };
  const recorder: RoomConfig['devices'][number] =
    plan.recorder === 'pearl'
      ? { id: 'recorder', name: 'Lecture recorder (Pearl)', driver: 'pearl', target: targets.recorder, username: PEARL_SIM_DEFAULTS.username, password_file: files.pearl, pollIntervalMs: poll(5_000) }
      : { id: 'recorder', name: 'Lecture recorder', driver: 'extron-smp', target: targets.recorder, password_file: files.recorder, pollIntervalMs: poll(5_000) };
  const keypad: RoomConfig['devices'] =
    targets.keypad === undefined ? [] : [{ id: 'keypad', name: 'Keypad by the door (X-keys)', driver: 'xkeys', target: targets.keypad, pollIntervalMs: poll(5_000) }];
  return {
    schemaVersion: 1,
    room: { id: plan.room, country: plan.country, site: plan.site, name: `${plan.name}, ${plan.siteName}`, timezone: plan.timezone, language: plan.language as NonNullable<RoomConfig['room']['language']> },
    devices: [
      { id: 'panel', name: 'Front interactive panel', driver: 'samsung-mdc', target: targets.panel, pollIntervalMs: poll(10_000), timeoutMs: 1000, options: { id: 1, warmupMs: 1500 } },
      camera,
      recorder,
      ...keypad,
    ],
    scenes: {
      'start-class': {
        label: 'Start class',
        steps: [
          { name: 'Turn on the panel', device: 'panel', action: 'power.on', timeoutMs: 10_000, retries: 1 },
          {
            parallel: [
              { name: 'Wait for the panel to warm up', device: 'panel', action: 'wait', args: { until: 'warm' }, timeoutMs: 15_000, onFail: 'continue' },
              { name: 'Point the camera at the lectern', device: 'camera', action: 'preset.goto', args: { preset: targets.preset }, timeoutMs: 20_000, onFail: 'continue' },
            ],
          },
          { name: 'Show the lectern PC', device: 'panel', action: 'input.select', args: { input: 'hdmi2' }, retries: 2, onFail: 'continue' },
          { name: 'Start recording', device: 'recorder', action: 'recorder.start', timeoutMs: 10_000, onFail: 'continue' },
        ],
      },
      'end-class': {
        label: 'End class',
        steps: [
          { name: 'Stop recording', device: 'recorder', action: 'recorder.stop', onFail: 'continue' },
          { name: 'Turn off the panel', device: 'panel', action: 'power.off', onFail: 'continue' },
        ],
      },
    },
    ...(keypad.length === 0
      ? {}
      : { keypads: [{ device: 'keypad', keys: { [String(DEMO_KEYS.startClass)]: { scene: 'start-class' }, [String(DEMO_KEYS.endClass)]: { scene: 'end-class' } } }] }),
    // The teachers (simulated) start classes; the timetable ends a class left running.
    timetable: { file: files.timetable, leadMinutes: 5, graceMinutes: 10, autoStart: false, autoEnd: true },
    uplink: { url: o.uplink.url, username: o.uplink.username, password_file: files.mqtt, keepaliveSeconds: 60, reconnectMaxSeconds: 10, healthIntervalSeconds: 300 },
    // Plain HTTP on loopback: a Secure cookie would never come back from http://127.0.0.1.
    http: { host: '127.0.0.1', port: 0, secureCookie: false },
    remote: { allow: ['session.start', 'session.end', 'scene.run', 'device.action', 'rebirth', 'help'] },
    dataDir: join(o.dir, 'data'),
  };
}

/**
 * Writes a room's files as an installer would (room.yaml, timetable.ics, secret files of mode
 * 600) and loads room.yaml through the normal config loader: `classroom agent --config` runs it too.
 */
export function writeRoomFiles(o: RoomFilesOptions): RoomLoadedConfig {
  mkdirSync(join(o.dir, 'data'), { recursive: true });
  const timetable = join(o.dir, 'timetable.ics');
  writeFileSync(timetable, timetableIcs(o.plan, o.plan.slots));
  const files = {
    timetable,
    mqtt: secretFile(o.dir, 'mqtt-password', o.uplink.password),
    camera: secretFile(o.dir, 'camera-password', DEMO_CAMERA_LOGIN.password),
    recorder: secretFile(o.dir, 'recorder-password', DEMO_RECORDER_PASSWORD),
    pearl: secretFile(o.dir, 'pearl-password', PEARL_SIM_DEFAULTS.password),
  };
  const file = join(o.dir, 'room.yaml');
  writeFileSync(file, `# Written by classroom demo for ${o.plan.name}, ${o.plan.siteName} (${o.plan.countryName}).\n${stringify(roomDocument(o, files))}`);
  return loadConfigFile<RoomConfig>(file, { kind: 'room', env: {} });
}
