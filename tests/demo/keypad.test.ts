import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_KEYPAD_TARGET, DEMO_KEYS, DEMO_XK24, hasKeypad } from '../../src/demo/demo-keypad.js';
import { DemoRoom } from '../../src/demo/demo-room.js';
import { loadDemoFleet } from '../../src/demo/fleet-file.js';
import { planRooms, type RoomPlan } from '../../src/demo/plan.js';
import { writeRoomFiles } from '../../src/demo/room-config.js';
import { PacedClock } from '../../src/demo/sim-clock.js';
import { checkRecording } from '../../src/simulators/hid/recording.js';

const log = pino({ level: process.env.SC_TEST_LOG ?? 'silent' });
const MINUTE = 60_000;

/** Room 2 of a small demo (the first with a keypad), TCP panel, with one class due now. */
function keypadPlan(now: number): RoomPlan {
  const plan = planRooms(loadDemoFleet(), { rooms: 3, now, ptyRooms: 0 })[2];
  if (plan === undefined) throw new Error('no plan');
  return { ...plan, slots: [{ uid: 'demo-keypad-test@smart-classroom', start: now + MINUTE, end: now + 60 * MINUTE, course: 'Keypads 101', teacher: 'Dr. Key' }] };
}

async function until(cond: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function sessionOf(url: string): Promise<{ state: string; by: { kind: string; name?: string } }> {
  const res = await fetch(`${url}/api/session`);
  return (await res.json()) as { state: string; by: { kind: string; name?: string } };
}

const dirs: string[] = [];
const rooms: DemoRoom[] = [];
afterEach(async () => {
  for (const room of rooms.splice(0)) await room.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sc-demo-keypad-'));
  dirs.push(dir);
  return dir;
}

describe('the demo keypad (an X-keys on the fake HID backend)', () => {
  it('replays the recorded XK-24 of tests/fixtures/hid', () => {
    const fixture = checkRecording(JSON.parse(readFileSync('tests/fixtures/hid/xkeys-xk24.json', 'utf8')), 'xkeys-xk24.json');
    checkRecording(DEMO_XK24, 'DEMO_XK24');
    expect(DEMO_XK24.info).toEqual(fixture.info);
    expect(DEMO_XK24.replies).toEqual(fixture.replies);
    expect(DEMO_XK24.reportLength).toBe(fixture.reportLength);
    expect(DEMO_XK24.sequences?.['press-release-key-1']).toEqual(fixture.sequences?.['press-release-key-1']);
  });

  it('is in every third room, with key 1 -> start-class and key 2 -> end-class in room.yaml', () => {
    const now = Date.now();
    const plans = planRooms(loadDemoFleet(), { rooms: 9, now, ptyRooms: 0 });
    expect(plans.filter(hasKeypad).map((p) => p.index)).toEqual([2, 5, 8]);
    const targets = { panel: 'tcp://127.0.0.1:1', camera: 'udp://127.0.0.1:2', recorder: 'tcp://127.0.0.1:3', preset: '1' };
    const uplink = { url: 'mqtt://127.0.0.1:1', username: 'room', password: 'secret' };
    const withKeypad = writeRoomFiles({ plan: keypadPlan(now), dir: tempDir(), targets: { ...targets, keypad: DEMO_KEYPAD_TARGET }, uplink, pollScale: 1 });
    expect(withKeypad.value.devices.find((d) => d.id === 'keypad')).toMatchObject({ driver: 'xkeys', target: DEMO_KEYPAD_TARGET });
    expect(withKeypad.value.keypads).toEqual([{ device: 'keypad', keys: { '1': { scene: 'start-class' }, '2': { scene: 'end-class' } } }]);
    const without = writeRoomFiles({ plan: { ...keypadPlan(now), index: 0 }, dir: tempDir(), targets, uplink, pollScale: 1 });
    expect(without.value.devices.map((d) => d.id)).toEqual(['panel', 'camera', 'recorder']);
    expect(without.value.keypads).toBeUndefined();
  });

  it('a teacher who presses key 1 starts the class, the key lights up, key 2 ends it', async () => {
    const now = Date.now();
    // random 0.3: the teacher comes (>= 0.08) and uses the keypad (< 0.5).
    const room = new DemoRoom({
      plan: keypadPlan(now),
      uplink: { url: 'mqtt://127.0.0.1:1', username: 'room', password: 'secret' },
      dir: tempDir(),
      clock: new PacedClock(now, 1),
      teachers: true,
      faults: false,
      pollScale: 1,
      version: 'test',
      log,
      random: () => 0.3,
    });
    rooms.push(room);
    const ready = await room.start();
    const keypad = room.keypad;
    if (keypad === undefined) throw new Error('room 2 has no keypad');
    expect(keypad.unit.current).toBeDefined();
    // Idle: the start key is dimly lit (#202020: both LEDs of a blue/red XK-24).
    await until(() => keypad.light(DEMO_KEYS.startClass).blue, 5000, 'the idle light on key 1');
    expect((await sessionOf(ready.url)).state).toBe('idle');

    room.tick();
    await until(async () => (await sessionOf(ready.url)).state === 'live', 20_000, 'the class to go live');
    const live = await sessionOf(ready.url);
    expect(live.by).toEqual({ kind: 'keypad', name: 'keypad key 1' });
    expect(room.probe()).toMatchObject({ session: 'live', devices: { recorder: { state: 'recording' } } });
    // Live: green, which a blue/red XK-24 shows on its red LED only.
    await until(() => !keypad.light(DEMO_KEYS.startClass).blue, 5000, 'the live light on key 1');
    expect(keypad.light(DEMO_KEYS.startClass)).toEqual({ blue: false, red: true });

    keypad.press(DEMO_KEYS.endClass);
    await until(async () => (await sessionOf(ready.url)).state === 'idle', 20_000, 'the class to end');
    expect((await sessionOf(ready.url)).by).toEqual({ kind: 'keypad', name: 'keypad key 2' });
    await until(() => keypad.light(DEMO_KEYS.startClass).blue, 5000, 'the idle light again');
    expect(room.probe()).toMatchObject({ devices: { recorder: { state: 'stopped' }, keypad: { open: true, keys: { '1': { blue: true, red: true } } } } });
  }, 60_000);
});
