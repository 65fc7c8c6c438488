import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { EventBus } from '../core/event-bus.js';
import { ScError, messageOf } from '../core/errors/index.js';
import { componentLogger } from '../core/logger.js';
import { redact } from '../core/secrets.js';
import type { DriverDescriptor } from '../drivers/driver.js';
import { findDriver } from '../drivers/registry.js';
import type { HidBackend } from '../transports/hid/types.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { RoomLoadedConfig } from './config.js';
import { RoomController } from './controller.js';
import { buildDevices } from './devices/build.js';
import { DeviceRegistry } from './devices/registry.js';
import type { RoomEvents } from './events.js';
import { buildApp } from './http/app.js';
import type { LogView } from './http/deps.js';
import { Keypads } from './keypads.js';
import { RoomMetrics } from './metrics.js';
import { SceneEngine } from './scenes/engine.js';
import { Session } from './session/session.js';
import { SessionWatch } from './session/watch.js';
import { HelpDesk } from './help.js';
import { Timetable } from './timetable/scheduler.js';
import { parseCalendar } from './timetable/ical.js';
import { TimetableSource } from './timetable/source.js';
import { AgentUplink, type UplinkTuning } from './uplink-link.js';
import { validateRoom } from './validate.js';

/** Knobs the tests and the benchmark turn; the defaults suit a real room. */
export interface AgentTuning {
  deviceStartTimeoutMs?: number;
  deviceStopTimeoutMs?: number;
  stopGraceMs?: number;
  retryDelayMs?: number;
  waitPollMs?: number;
  defaultStepTimeoutMs?: number;
  timetableTickMs?: number;
  timetableRefreshMs?: number;
}

export interface AgentContext {
  config: RoomLoadedConfig;
  log: Logger;
  version: string;
  clock?: Clock;
  findDriver?: (name: string) => DriverDescriptor;
  /** Overrides http.host / http.port of the config (the CLI's --host / --port). */
  listen?: { host?: string; port?: number };
  /** false: build everything but do not listen (tests that use inject()). */
  serve?: boolean;
  dataDir?: string;
  logs?: LogView;
  tuning?: AgentTuning;
  fetch?: typeof fetch;
  /** Uplink knobs for hosts running many rooms (the demo); the uplink itself starts when the config has `uplink`. */
  uplink?: UplinkTuning;
  /** Where USB HID keypads and relays are found; node-hid when absent (the demo passes a fake backend). */
  hid?: HidBackend;
}

/** The classroom agent: devices, scenes, session, timetable, keypads and the local HTTP API, composed. */
export class Agent {
  readonly bus: EventBus<RoomEvents>;
  private parts:
    | { devices: DeviceRegistry; scenes: SceneEngine; session: Session; watch: SessionWatch; help: HelpDesk; controller: RoomController; metrics: RoomMetrics; keypads: Keypads; timetable?: Timetable; uplink?: AgentUplink; app: FastifyInstance }
    | undefined;
  private url: string | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly ctx: AgentContext) {
    this.bus = new EventBus<RoomEvents>(componentLogger(ctx.log, 'bus'));
  }

  get controller(): RoomController {
    return this.started().controller;
  }

  get devices(): DeviceRegistry {
    return this.started().devices;
  }

  get app(): FastifyInstance {
    return this.started().app;
  }

  get timetable(): Timetable | undefined {
    return this.started().timetable;
  }

  /** The MQTT uplink, when the config has one. */
  get uplink(): AgentUplink | undefined {
    return this.started().uplink;
  }

  get address(): string | undefined {
    return this.url;
  }

  private started(): NonNullable<Agent['parts']> {
    if (this.parts === undefined) throw new ScError('SC_ERR_INTERNAL', { detail: 'the agent has not started' });
    return this.parts;
  }

  /** Validates the config against the drivers, starts every device, and serves the API. */
  async start(): Promise<void> {
    const { config, log } = this.ctx;
    const clock = this.ctx.clock ?? systemClock;
    const tuning = this.ctx.tuning ?? {};
    const { plans, problems } = buildDevices({ config, log: componentLogger(log, 'devices'), findDriver: this.ctx.findDriver ?? findDriver, ...(this.ctx.hid === undefined ? {} : { hid: this.ctx.hid }) });
    validateRoom(config, plans, problems);
    const room = config.value;
    const devices = new DeviceRegistry({
      plans,
      bus: this.bus,
      log: componentLogger(log, 'devices'),
      startTimeoutMs: tuning.deviceStartTimeoutMs ?? 10_000,
      stopTimeoutMs: tuning.deviceStopTimeoutMs ?? 5_000,
    });
    const session = new Session({ bus: this.bus, log: componentLogger(log, 'session'), clock });
    const scenes = new SceneEngine({
      scenes: room.scenes ?? {},
      devices,
      bus: this.bus,
      log: componentLogger(log, 'scenes'),
      ...(tuning.defaultStepTimeoutMs === undefined ? {} : { defaultStepTimeoutMs: tuning.defaultStepTimeoutMs }),
      ...(tuning.retryDelayMs === undefined ? {} : { retryDelayMs: tuning.retryDelayMs }),
      ...(tuning.waitPollMs === undefined ? {} : { waitPollMs: tuning.waitPollMs }),
      ...(tuning.stopGraceMs === undefined ? {} : { stopGraceMs: tuning.stopGraceMs }),
    });
    const timetable = this.makeTimetable(clock, session, () => controller);
    const watch = new SessionWatch({ session, devices, bus: this.bus, log: componentLogger(log, 'session'), clock });
    const help = new HelpDesk({ bus: this.bus, log: componentLogger(log, 'help'), clock, session: () => session.snapshot(), devices });
    const controller = new RoomController({
      room: room.room,
      devices,
      scenes,
      session,
      watch,
      help,
      bus: this.bus,
      log: componentLogger(log, 'room'),
      clock,
      remoteAllow: room.remote?.allow ?? [],
      ...(timetable === undefined ? {} : { upcoming: () => timetable.upcoming() }),
      ...(tuning.waitPollMs === undefined ? {} : { waitPollMs: tuning.waitPollMs }),
    });
    const metrics = new RoomMetrics({ bus: this.bus, devices, session });
    const keypads = new Keypads({ keypads: room.keypads ?? [], controller, devices, bus: this.bus, log: componentLogger(log, 'keypads') });
    await metrics.start();
    watch.start();
    await devices.start();
    await keypads.start();
    const uplink = this.makeUplink(controller);
    const app = await buildApp({
      controller,
      devices,
      scenes,
      bus: this.bus,
      metrics,
      log: componentLogger(log, 'http'),
      version: this.ctx.version,
      startedAt: Date.now(),
      ...(timetable === undefined ? {} : { timetable }),
      ...(this.ctx.logs === undefined ? {} : { logs: this.ctx.logs }),
      ...(uplink === undefined ? {} : { uplink: () => uplink.health() }),
      configView: () => redact(room),
      keypads: () => keypads.layout(),
      auth: {
        ...(room.http?.technicianPasswordHash === undefined ? {} : { passwordHash: room.http.technicianPasswordHash }),
        ...(room.http?.secureCookie === undefined ? {} : { secureCookie: room.http.secureCookie }),
      },
    });
    this.parts = { devices, scenes, session, watch, help, controller, metrics, keypads, app, ...(timetable === undefined ? {} : { timetable }), ...(uplink === undefined ? {} : { uplink }) };
    if (this.ctx.serve !== false) await this.listen(app);
    // After the devices: the birth carries their state as read back. Before the timetable: a class
    // it starts is reported.
    await uplink?.start();
    // The timetable starts last: a class due now starts on a room whose devices and API are up.
    await timetable?.start();
    log.info({ room: room.room.id, devices: devices.ids().length, url: this.url }, 'agent started');
  }

  private dataDir(): string {
    return this.ctx.dataDir ?? this.ctx.config.value.dataDir ?? '/var/lib/smart-classroom';
  }

  private makeUplink(controller: RoomController): AgentUplink | undefined {
    const room = this.ctx.config.value;
    if (room.uplink === undefined) return undefined;
    return new AgentUplink({
      room: room.room,
      section: room.uplink,
      remoteAllow: room.remote?.allow ?? [],
      controller,
      bus: this.bus,
      dataDir: this.dataDir(),
      version: this.ctx.version,
      log: this.ctx.log,
      ...(this.ctx.uplink === undefined ? {} : { tuning: this.ctx.uplink }),
    });
  }

  private makeTimetable(clock: Clock, session: Session, controller: () => RoomController): Timetable | undefined {
    const tt = this.ctx.config.value.timetable;
    if (tt === undefined) return undefined;
    const tuning = this.ctx.tuning ?? {};
    const timezone = this.ctx.config.value.room.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const dataDir = this.dataDir();
    const log = componentLogger(this.ctx.log, 'timetable');
    const source = new TimetableSource({
      ...(tt.url === undefined ? {} : { url: tt.url }),
      ...(tt.file === undefined ? {} : { file: tt.file }),
      cacheFile: join(dataDir, 'timetable.ics'),
      log,
      fetchTimeoutMs: 15_000,
      validate: (text) => void parseCalendar(text, tt.url ?? tt.file ?? 'timetable', timezone),
      ...(this.ctx.fetch === undefined ? {} : { fetch: this.ctx.fetch }),
    });
    return new Timetable({
      source,
      room: {
        session: () => session.snapshot(),
        startSession: (by, details) => controller().startSession(by, details),
        endSession: (by) => controller().endSession(by),
        attachSlot: (slot) =>
          session.attachSlot({ slot: { id: slot.id, start: slot.start, end: slot.end }, ...(slot.course === undefined ? {} : { course: slot.course }), ...(slot.teacher === undefined ? {} : { teacher: slot.teacher }) }),
      },
      clock,
      bus: this.bus,
      log,
      timezone,
      leadMs: (tt.leadMinutes ?? 5) * 60_000,
      graceMs: (tt.graceMinutes ?? 10) * 60_000,
      autoStart: tt.autoStart ?? true,
      autoEnd: tt.autoEnd ?? true,
      stateFile: join(dataDir, 'timetable-state.json'),
      tickMs: tuning.timetableTickMs ?? 15_000,
      refreshMs: tuning.timetableRefreshMs ?? (tt.refreshMinutes ?? 15) * 60_000,
    });
  }

  private async listen(app: FastifyInstance): Promise<void> {
    const http = this.ctx.config.value.http;
    const host = this.ctx.listen?.host ?? http?.host ?? '127.0.0.1';
    const port = this.ctx.listen?.port ?? http?.port ?? 8080;
    try {
      await app.listen({ host, port });
    } catch (err) {
      throw new ScError('SC_ERR_AGENT_LISTEN', { host, port, reason: messageOf(err) }, { cause: err });
    }
    const address = app.server.address();
    const bound = typeof address === 'object' && address !== null ? address.port : port;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}`;
  }

  /**
   * Stops in the order that leaves nothing half-done: no new requests or timetable actions,
   * scenes in flight finish (or are marked interrupted), then device links close.
   */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const parts = this.parts;
    if (parts === undefined) return;
    const log = this.ctx.log;
    log.info('agent stopping');
    await parts.timetable?.stop();
    await parts.keypads.stop();
    await parts.scenes.stop();
    await parts.app.close();
    // The last scene results are queued by now; the uplink says offline before the devices close.
    await parts.uplink?.stop();
    await parts.devices.stop();
    await parts.metrics.stop();
    parts.watch.stop();
    this.bus.clear();
    log.info('agent stopped');
  }
}
