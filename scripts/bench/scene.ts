import { Type } from '@sinclair/typebox';
import { pino } from 'pino';
import { Agent } from '../../src/agent/agent.js';
import { parseConfig, type RoomConfig } from '../../src/core/config/index.js';
import type { Capability, InputCapability, PowerCapability, PowerState, PresetsCapability, RecorderActivity, RecorderCapability } from '../../src/drivers/capabilities.js';
import { BaseDriver, type DriverContext, type DriverDescriptor } from '../../src/drivers/driver.js';
import type { DeviceState } from '../../src/drivers/state.js';
import { median, runIfMain, type Bench } from './lib.js';

/**
 * A simulated device whose every command takes a fixed time and then reports its new state,
 * so the time a scene needs is known exactly: what start-class takes beyond it is the agent's
 * own overhead (scene engine, progress events, state bookkeeping, session moves).
 */
class FixedDelayDevice extends BaseDriver {
  readonly driver = 'fixed-delay';
  readonly capabilities: readonly Capability[] = ['power', 'input', 'presets', 'recorder'];
  readonly power: PowerCapability;
  readonly input: InputCapability;
  readonly presets: PresetsCapability;
  readonly recorder: RecorderCapability;
  private powerState: PowerState = 'off';
  private source = 'hdmi1';
  private at = '';
  private activity: RecorderActivity = 'stopped';

  constructor(ctx: DriverContext) {
    super(ctx);
    const act = async (change: () => void): Promise<void> => {
      await new Promise((r) => setTimeout(r, Number(ctx.options.delayMs ?? 0)));
      change();
      this.update({ power: this.powerState, input: this.source, preset: this.at, recorder: { activity: this.activity } });
    };
    this.power = { on: () => act(() => (this.powerState = 'on')), off: () => act(() => (this.powerState = 'off')), query: () => Promise.resolve(this.powerState) };
    this.input = { list: () => ['hdmi1', 'hdmi2'], select: (n) => act(() => (this.source = n)), query: () => Promise.resolve(this.source) };
    this.presets = {
      list: () => Promise.resolve([{ token: '1', name: 'lectern' }]),
      goto: (n) => act(() => (this.at = n)),
      save: (name) => Promise.resolve({ token: '2', name }),
      remove: () => Promise.resolve(),
    };
    this.recorder = {
      start: () => act(() => (this.activity = 'recording')),
      stop: () => act(() => (this.activity = 'stopped')),
      pause: () => act(() => (this.activity = 'paused')),
      status: () => Promise.resolve({ activity: this.activity }),
      setMetadata: () => Promise.resolve(),
      chapter: () => Promise.resolve(),
    };
  }

  protected connect(): Promise<void> {
    return Promise.resolve();
  }

  protected disconnect(): Promise<void> {
    return Promise.resolve();
  }

  protected poll(): Promise<Partial<DeviceState>> {
    return Promise.resolve({ power: this.powerState, input: this.source, recorder: { activity: this.activity } });
  }
}

const fixedDelay: DriverDescriptor = {
  name: 'fixed-delay',
  description: 'benchmark device with fixed command delays',
  capabilities: ['power', 'input', 'presets', 'recorder'],
  targets: ['serial', 'tcp', 'http'],
  optionsSchema: Type.Object({ delayMs: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
  defaultPollIntervalMs: 3_600_000,
  defaultTimeoutMs: 10_000,
  create: (ctx) => new FixedDelayDevice(ctx),
  ctl: {},
};

/** Device delays (ms): the panel is the slowest device, as a warming panel is in a real room. */
const DELAYS = { panel: 120, camera: 80, recorder: 40 };

/** start-class of config/room.example.yaml: panel on, then input and camera preset together, then recording. */
const CONFIG = `schemaVersion: 1
room: { id: bench-room, country: ke, site: bench }
devices:
  - { id: panel, driver: samsung-mdc, target: "serial:/dev/bench-panel", options: { delayMs: ${DELAYS.panel} } }
  - { id: camera, driver: onvif, target: "http://127.0.0.1/onvif/device_service", options: { delayMs: ${DELAYS.camera} } }
  - { id: recorder, driver: extron-smp, target: "tcp://127.0.0.1:23", options: { delayMs: ${DELAYS.recorder} } }
scenes:
  start-class:
    steps:
      - { device: panel, action: power.on }
      - parallel:
          - { device: panel, action: input.select, args: { input: hdmi2 } }
          - { device: camera, action: preset.goto, args: { preset: lectern } }
      - { device: recorder, action: recorder.start }
  end-class:
    steps:
      - { device: recorder, action: recorder.stop }
      - { device: panel, action: power.off }
`;

/** The least time start-class can take: each phase lasts as long as its slowest device step. */
const IDEAL_MS = DELAYS.panel + Math.max(DELAYS.panel, DELAYS.camera) + DELAYS.recorder;

/**
 * Times start-class through the room controller (as the wall panel starts a class) and
 * subtracts the device time it cannot go below; the median of many runs is the figure.
 */
const bench: Bench = async ({ quick }) => {
  const config = parseConfig<RoomConfig>(CONFIG, 'bench.yaml', { kind: 'room', env: {} });
  const agent = new Agent({
    config,
    log: pino({ level: 'silent' }),
    version: 'bench',
    serve: false,
    findDriver: () => fixedDelay,
  });
  await agent.start();
  const runs = quick ? 5 : 40;
  const overheads: number[] = [];
  const totals: number[] = [];
  try {
    for (let i = 0; i < runs + 2; i++) {
      const t0 = performance.now();
      const outcome = await agent.controller.startSession({ kind: 'wall-panel' });
      const total = performance.now() - t0;
      if (outcome.result?.status !== 'ok') throw new Error(`start-class ended ${String(outcome.result?.status)}`);
      await agent.controller.endSession({ kind: 'wall-panel' });
      // The first runs warm up the JIT; they are not counted.
      if (i < 2) continue;
      totals.push(total);
      overheads.push(total - IDEAL_MS);
    }
  } finally {
    await agent.stop();
  }
  const sorted = [...overheads].sort((a, b) => a - b);
  return {
    name: 'scene',
    figures: {
      overhead_ms: Number(median(overheads).toFixed(2)),
      overhead_p95_ms: Number((sorted[Math.floor(sorted.length * 0.95)] ?? 0).toFixed(2)),
      start_class_ms: Number(median(totals).toFixed(2)),
      device_time_ms: IDEAL_MS,
      slowest_step_ms: DELAYS.panel,
      runs,
    },
    note: 'median ms that start-class takes beyond its device steps (fixed-delay simulated devices, slowest step of each phase)',
  };
};

export default bench;
runIfMain(import.meta.url, bench);
