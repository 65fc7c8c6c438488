import type { Logger } from 'pino';
import { messageOf } from '../core/errors/index.js';
import { startOnvif } from '../simulators/cameras/onvif/descriptor.js';
import { startVisca } from '../simulators/cameras/visca/descriptor.js';
import { mdcSim } from '../simulators/displays/samsung-mdc.js';
import { startPanel } from '../simulators/displays/index.js';
import { PEARL_SIM_DEFAULTS, PearlSimulator, SmpTcpServer, SmpUnit, smpOptions } from '../simulators/recorders/index.js';
import { DEMO_KEYPAD_TARGET, DemoKeypad, hasKeypad } from './demo-keypad.js';
import type { RoomPlan } from './plan.js';

export const DEMO_CAMERA_LOGIN = { username: 'admin', password: 'classroom' };
export const DEMO_RECORDER_PASSWORD = 'rec-secret';

/** Where the room's simulated devices listen, in target syntax. */
export interface DeviceTargets {
  panel: string;
  camera: string;
  recorder: string;
  /** The camera preset the start-class scene goes to. */
  preset: string;
  /** The keypad by the door (every third room), a USB X-keys on the agent's (fake) HID backend. */
  keypad?: string;
}

/** A device fault the demo can switch on and off (the device stops answering, or stops by itself). */
export type FaultKind = 'panel' | 'camera' | 'recorder';

/**
 * One room's simulated devices on real transports: an MDC panel (PTY pair or TCP), an ONVIF
 * (HTTP) or VISCA (UDP) camera, an Extron SMP (TCP) or Pearl (HTTP) recorder; in every third
 * room an X-keys keypad on a fake HID backend (node-hid's interface) the agent is given.
 */
export class RoomDevices {
  private stops: (() => Promise<void>)[] = [];
  private probes: Partial<Record<FaultKind, () => Record<string, unknown>>> = {};
  private faults: Partial<Record<FaultKind, (on: boolean) => void>> = {};
  private cameraHome: unknown;
  targets: DeviceTargets | undefined;
  /** The room's simulated keypad, when it has one; its `backend` goes to the agent. */
  readonly keypad: DemoKeypad | undefined;

  constructor(private readonly ctx: { plan: RoomPlan; log: Logger }) {
    this.keypad = hasKeypad(ctx.plan) ? new DemoKeypad() : undefined;
  }

  async start(): Promise<DeviceTargets> {
    try {
      const panel = await this.startPanel();
      const camera = await this.startCamera();
      const recorder = await this.startRecorder();
      this.targets = { panel, camera: camera.target, recorder, preset: camera.preset, ...(this.keypad === undefined ? {} : { keypad: DEMO_KEYPAD_TARGET }) };
      return this.targets;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private async startPanel(): Promise<string> {
    const { plan, log } = this.ctx;
    // A classroom panel starts in standby and takes a moment to warm up, as real ones do.
    const sim = await startPanel(mdcSim, { host: '127.0.0.1', log, pty: plan.panelPty, settings: { id: '1', warmupMs: '1500' } });
    this.stops.push(() => sim.stop());
    const s = sim.engine.state;
    this.probes.panel = () => ({ power: s.power ? 'on' : 'off', input: s.input, volume: s.volume, muted: s.muted, answering: !sim.engine.switches.disappeared });
    this.faults.panel = (on) => (sim.engine.switches.disappeared = on);
    const target = sim.targets.find((t) => (plan.panelPty ? t.startsWith('serial:') : t.startsWith('tcp:')));
    if (target === undefined) throw new Error(`the panel simulator of ${plan.room} has no ${plan.panelPty ? 'serial' : 'TCP'} end`);
    return plan.panelPty ? `${target}?baud=9600` : target;
  }

  private async startCamera(): Promise<{ target: string; preset: string }> {
    const { plan, log } = this.ctx;
    if (plan.camera === 'visca') {
      const sim = await startVisca({ host: '127.0.0.1', port: 0, log, settings: { powerOnMs: '300' } });
      this.stops.push(() => sim.stop());
      this.probes.camera = () => sim.camera.snapshot();
      this.faults.camera = (on) => (sim.camera.switches.silent = on);
      return { target: sim.targets[0] ?? '', preset: '1' };
    }
    const sim = await startOnvif({ host: '127.0.0.1', port: 0, log, settings: { ...DEMO_CAMERA_LOGIN, clock: 'now' } });
    this.stops.push(() => sim.stop());
    this.cameraHome = sim.camera.ptzPosition();
    this.probes.camera = () => ({ mode: sim.camera.mode, ptz: sim.camera.ptzPosition(), home: this.cameraHome });
    this.faults.camera = (on) => (sim.camera.mode = on ? 'silent' : 'normal');
    return { target: sim.targets[0] ?? '', preset: 'P002' };
  }

  private async startRecorder(): Promise<string> {
    const { plan, log } = this.ctx;
    if (plan.recorder === 'pearl') {
      const sim = new PearlSimulator({ ...PEARL_SIM_DEFAULTS, host: '127.0.0.1', port: 0, log });
      await sim.start();
      this.stops.push(() => sim.stop());
      this.probes.recorder = () => ({ state: sim.recorders.get('1')?.state === 'started' ? 'recording' : (sim.recorders.get('1')?.state ?? 'unknown') });
      this.faults.recorder = (on) => {
        if (on) sim.stopBySelf('1');
      };
      return `http://127.0.0.1:${String(sim.port)}`;
    }
    const unit = new SmpUnit({ ...smpOptions({ password: DEMO_RECORDER_PASSWORD }), log });
    const server = new SmpTcpServer(unit, '127.0.0.1', 0);
    await server.start();
    this.stops.push(() => server.stop());
    this.probes.recorder = () => ({ state: (['stopped', 'recording', 'paused'] as const)[unit.state] });
    this.faults.recorder = (on) => {
      if (on) unit.stopBySelf();
    };
    return `tcp://127.0.0.1:${String(server.boundPort)}`;
  }

  /** What the simulators hold right now (not what the agent believes). */
  probe(): Record<FaultKind, Record<string, unknown>> & { keypad?: Record<string, unknown> } {
    const keypad = this.keypad?.probe();
    return { panel: this.probes.panel?.() ?? {}, camera: this.probes.camera?.() ?? {}, recorder: this.probes.recorder?.() ?? {}, ...(keypad === undefined ? {} : { keypad }) };
  }

  fault(kind: FaultKind, on: boolean): void {
    this.faults[kind]?.(on);
  }

  async stop(): Promise<void> {
    const stops = this.stops.splice(0).reverse();
    for (const stop of stops) {
      try {
        await stop();
      } catch (err) {
        this.ctx.log.warn({ err: messageOf(err) }, 'a simulator did not stop cleanly');
      }
    }
  }
}
