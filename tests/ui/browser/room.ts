import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { hashPassword } from '../../../src/core/passwords.js';
import { allSimulators } from '../../../src/simulators/index.js';
import { OnvifSimulator } from '../../../src/simulators/cameras/onvif/server.js';
import type { RunningSimulator } from '../../../src/simulators/registry.js';
import { CLI_BIN, REPO_ROOT } from '../../helpers/cli.js';
import { stopChild, track } from '../../helpers/children.js';
import { freePort } from '../../helpers/ports.js';
import { tempDir, type TempDir } from '../../helpers/tmp.js';

const quiet = pino({ level: process.env.SC_TEST_LOG ?? 'silent' });
export const TECH_PASSWORD = 'correct horse battery';

export interface RoomOptions {
  /** The recorder refuses to record (its disk is full), so the class starts degraded. */
  failingRecorder?: boolean;
  language?: string;
  /** The room's display name (default "Lecture Hall 1"). */
  roomName?: string;
  /** Extra recorder simulator settings (freeKb, kbPerSecond: a disk that fills up stops it by itself). */
  recorderSettings?: Record<string, string>;
  /** An MQTT uplink to a fleet (its password goes through SC_MQTT_PASSWORD). */
  uplink?: { url: string; username: string; password: string };
}

/** A real `classroom agent` process driving simulated devices, as a kiosk would reach it. */
export interface RunningRoom {
  url: string;
  dir: string;
  /** The recorder simulator's TCP target, for a test that plays a second controller. */
  recorderTarget: string;
  /** Switches the panel simulator off for good: the screen's cable is pulled. */
  stopPanel(): Promise<void>;
  /** What the agent printed (pino JSON lines), for failure messages and event checks. */
  output(): string;
  restart(): Promise<void>;
  stopAgent(): Promise<void>;
  startAgent(): Promise<void>;
  close(): Promise<void>;
}

async function simulator(device: string, protocol: string, settings: Record<string, string> = {}): Promise<RunningSimulator> {
  const descriptor = allSimulators().find((s) => s.device === device && s.protocols.includes(protocol));
  if (descriptor === undefined) throw new Error(`no ${device} simulator for ${protocol}`);
  return descriptor.start({ protocol, host: '127.0.0.1', tcpPort: 0, log: quiet, settings });
}

function icsTime(ms: number): string {
  return `${new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
}

/** A timetable with a class running now and the next one after it. */
function timetable(now: number): string {
  const event = (uid: string, start: number, end: number, summary: string, teacher: string): string =>
    ['BEGIN:VEVENT', `UID:${uid}`, `DTSTAMP:${icsTime(now)}`, `DTSTART:${icsTime(start)}`, `DTEND:${icsTime(end)}`, `SUMMARY:${summary}`, `ORGANIZER;CN=${teacher}:mailto:t@example.org`, 'END:VEVENT'].join('\r\n');
  const min = 60_000;
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', event('now@test', now - 10 * min, now + 50 * min, 'Physics 101', 'Dr. Amina Odhiambo'), event('next@test', now + 60 * min, now + 120 * min, 'Linear Algebra', 'Prof. Chen Wei'), 'END:VCALENDAR', ''].join('\r\n');
}

function roomYaml(o: { panel: string; camera: OnvifSimulator; recorder: string; hash: string; ics: string; language: string; roomName: string; uplink?: RoomOptions['uplink'] }): string {
  return `schemaVersion: 1
room: { id: lecture-hall-1, country: ke, site: uon-chiromo, name: ${JSON.stringify(o.roomName)}, timezone: Africa/Nairobi, language: ${o.language} }
devices:
  - id: panel
    name: Front panel (Samsung MDC)
    names: { en: Front screen, ru: Экран у доски, mn: Самбарын дэлгэц }
    driver: samsung-mdc
    target: ${o.panel}
    pollIntervalMs: 2000
    timeoutMs: 500
    options: { id: 1, reconnectMaxMs: 500 }
  - id: camera
    name: Rear PTZ camera (ONVIF)
    driver: onvif
    target: ${o.camera.url}
    username: ${o.camera.username}
    password: \${env:SC_CAMERA_PASSWORD}
    pollIntervalMs: 5000
    timeoutMs: 3000
    options: { events: false, arrivalPollMs: 50 }
  - id: recorder
    name: Lecture recorder (Extron SMP 351)
    driver: extron-smp
    target: ${o.recorder}
    pollIntervalMs: 1000
    timeoutMs: 1000
scenes:
  start-class:
    label: Start class
    steps:
      - { name: Turn on the panel, device: panel, action: power.on, timeoutMs: 8000, onFail: abort }
      - parallel:
          - { name: Show the lectern PC, device: panel, action: input.select, args: { input: hdmi1 }, onFail: continue }
          - { name: Point the camera, device: camera, action: preset.goto, args: { preset: P002 }, timeoutMs: 8000, onFail: continue }
      - { name: Start recording, device: recorder, action: recorder.start, timeoutMs: 4000, onFail: continue }
  end-class:
    label: End class
    steps:
      - { name: Stop recording, device: recorder, action: recorder.stop, onFail: continue }
      - { name: Turn off the panel, device: panel, action: power.off, onFail: continue }
  presentation:
    label: Presentation
    steps:
      - { name: Laptop on HDMI 2, device: panel, action: input.select, args: { input: hdmi2 }, onFail: continue }
timetable:
  file: ${o.ics}
  autoStart: false
  autoEnd: false
http:
  host: 127.0.0.1
  technicianPasswordHash: ${o.hash}
  secureCookie: false
${o.uplink === undefined ? '' : `uplink: { url: "${o.uplink.url}", username: ${o.uplink.username}, password: "\${env:SC_MQTT_PASSWORD}", keepaliveSeconds: 30 }\n`}`;
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the agent exited with ${child.exitCode}:\n${output().slice(-4000)}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the agent did not answer on ${url} within ${timeoutMs} ms:\n${output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startRoom(options: RoomOptions = {}): Promise<RunningRoom> {
  const dir: TempDir = tempDir('sc-ui-room-');
  const sims: { stop(): Promise<void> }[] = [];
  const panel = await simulator('panel', 'samsung-mdc', { id: '1' });
  sims.push(panel);
  const recorder = await simulator('recorder', 'extron-smp', { ...(options.failingRecorder === true ? { freeKb: '0' } : {}), ...options.recorderSettings });
  sims.push(recorder);
  const camera = new OnvifSimulator({ host: '127.0.0.1', port: 0, log: quiet, maxHoldMs: 1000 });
  await camera.start();
  sims.push(camera);
  const target = (sim: RunningSimulator): string => {
    const t = sim.targets.find((x) => x.startsWith('tcp://'));
    if (t === undefined) throw new Error(`simulator has no TCP target: ${sim.targets.join(', ')}`);
    return t;
  };
  const ics = join(dir.path, 'timetable.ics');
  writeFileSync(ics, timetable(Date.now()));
  const configFile = join(dir.path, 'room.yaml');
  writeFileSync(configFile, roomYaml({ panel: target(panel), camera, recorder: target(recorder), hash: await hashPassword(TECH_PASSWORD), ics, language: options.language ?? 'en', roomName: options.roomName ?? 'Lecture Hall 1', ...(options.uplink === undefined ? {} : { uplink: options.uplink }) }));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const startAgent = async (): Promise<void> => {
    const proc = spawn(process.execPath, [CLI_BIN, 'agent', '--config', configFile, '--port', String(port), '--data-dir', join(dir.path, 'data')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: dir.path, SC_CAMERA_PASSWORD: camera.password, ...(options.uplink === undefined ? {} : { SC_MQTT_PASSWORD: options.uplink.password }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(proc);
    proc.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child = proc;
    await waitHealthy(url, proc, () => output);
  };
  const stopAgent = async (): Promise<void> => {
    if (child !== undefined) await stopChild(child, 'SIGTERM', 8000);
    child = undefined;
  };
  await startAgent();
  return {
    url,
    dir: dir.path,
    recorderTarget: target(recorder),
    stopPanel: () => panel.stop(),
    output: () => output,
    startAgent,
    stopAgent,
    restart: async () => {
      await stopAgent();
      await startAgent();
    },
    close: async () => {
      await stopAgent();
      for (const s of sims.reverse()) await s.stop().catch(() => undefined);
      dir.remove();
    },
  };
}
