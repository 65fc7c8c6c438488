import { join } from 'node:path';
import type { Logger } from 'pino';
import { Agent } from '../agent/agent.js';
import { DEMO_KEYS } from './demo-keypad.js';
import { FaultInjector } from './faults.js';
import { roomRootOf, type RoomPlan } from './plan.js';
import { writeRoomFiles, type RoomUplink } from './room-config.js';
import { RoomDevices } from './room-devices.js';
import type { PacedClock } from './sim-clock.js';
import { Teacher } from './teacher.js';

export interface DemoRoomOptions {
  plan: RoomPlan;
  uplink: RoomUplink;
  /** The room's folder (room.yaml, timetable, secrets, data). */
  dir: string;
  clock: PacedClock;
  teachers: boolean;
  faults: boolean;
  pollScale: number;
  version: string;
  log: Logger;
  random: () => number;
}

export interface DemoRoomReady {
  index: number;
  root: string;
  url: string;
}

/** One simulated classroom: its devices, a real agent (with its uplink), a teacher, faults. */
export class DemoRoom {
  private readonly devices: RoomDevices;
  private agent: Agent | undefined;
  private teacher: Teacher | undefined;
  private faults: FaultInjector | undefined;
  private readonly log: Logger;

  constructor(private readonly o: DemoRoomOptions) {
    this.log = o.log.child({ room: roomRootOf(o.plan) });
    this.devices = new RoomDevices({ plan: o.plan, log: this.log.child({ component: 'simulator' }) });
  }

  get root(): string {
    return roomRootOf(this.o.plan);
  }

  async start(): Promise<DemoRoomReady> {
    const { plan, clock } = this.o;
    const targets = await this.devices.start();
    const config = writeRoomFiles({ plan, dir: this.o.dir, targets, uplink: this.o.uplink, pollScale: this.o.pollScale });
    const agent = new Agent({
      config,
      log: this.log,
      version: this.o.version,
      clock,
      dataDir: join(this.o.dir, 'data'),
      // The timetable looks at the (paced) clock often enough to keep up with it.
      tuning: { timetableTickMs: Math.max(1000, Math.round(clock.real(15_000))), deviceStartTimeoutMs: 10_000 },
      // Hundreds of rooms share a disk here: no fsync per message (a real room keeps it).
      uplink: { fsync: false },
      // The keypad (every third room) is an X-keys on a fake HID backend: node-hid's interface, in-process.
      ...(this.devices.keypad === undefined ? {} : { hid: this.devices.keypad.backend }),
    });
    this.agent = agent;
    await agent.start();
    if (this.o.teachers) {
      const keypad = this.devices.keypad;
      this.teacher = new Teacher({
        slots: plan.slots,
        controller: agent.controller,
        log: this.log,
        random: this.o.random,
        ...(keypad === undefined ? {} : { keypad: { press: (key: number) => keypad.press(key), keys: DEMO_KEYS } }),
      });
    }
    if (this.o.faults) {
      this.faults = new FaultInjector({ now: clock.now(), meanGapMs: 5 * 3_600_000, apply: (kind, on) => this.devices.fault(kind, on), log: this.log, random: this.o.random });
    }
    return { index: plan.index, root: this.root, url: agent.address ?? '' };
  }

  /** Teachers and faults move on (called about once a second). */
  tick(): void {
    const now = this.o.clock.now();
    this.teacher?.tick(now);
    this.faults?.tick(now);
  }

  /** The room's simulated keypad (every third room), to press its keys by hand or in tests. */
  get keypad(): RoomDevices['keypad'] {
    return this.devices.keypad;
  }

  probe(): Record<string, unknown> {
    return { root: this.root, devices: this.devices.probe(), session: this.agent?.controller.snapshot().session.state };
  }

  async stop(): Promise<void> {
    this.faults?.clear();
    this.teacher = undefined;
    await this.agent?.stop();
    await this.devices.stop();
  }
}
