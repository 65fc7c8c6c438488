import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ScError, messageOf } from '../core/errors/index.js';
import { systemClock, type Clock, type TimerHandle } from '../core/clock.js';
import { waitAtMost } from '../core/with-timeout.js';
import { CommandHandler } from './commands/command-handler.js';
import { DedupeStore } from './commands/dedupe-store.js';
import {
  FLEET_STATUS_TOPIC,
  PayloadChecker,
  roomRoot,
  roomTopics,
  type BirthMessage,
  type DeviceStateMessage,
  type EventMessage,
  type RoomAddress,
  type SessionMessage,
  type StatusMessage,
} from '../contract/mqtt/index.js';
import { MqttConnection } from './link/connection.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxSender } from './outbox/sender.js';
import { DataBudget, HEALTH_STRETCH } from './report/data-budget.js';
import { DEFAULT_DEADBANDS, OPTIONAL_TELEMETRY, significantChange, type Deadbands } from './report/deadband.js';
import { buildHealth } from './report/health.js';
import type { CommandExecutor, RoomEvent, RoomSource, Unsubscribe } from './room-source.js';
import { loadTlsMaterial, type UplinkSettings } from './settings.js';
import { BdSeqStore } from './state/bdseq-store.js';

export interface UplinkContext {
  room: RoomAddress;
  settings: UplinkSettings;
  /** The agent's data directory; the uplink keeps its files in `uplink/` under it. */
  dataDir: string;
  source: RoomSource;
  executor: CommandExecutor;
  /** The room's `remote.allow`. */
  remoteAllow: readonly string[];
  version: string;
  log: Logger;
  clock?: Clock;
  deadbands?: Deadbands;
  /** QoS 1 messages awaiting their PUBACK at once while replaying (default 256). */
  sendWindow?: number;
  /** fdatasync outbox appends (default true). */
  fsync?: boolean;
  random?: () => number;
}

type Topics = ReturnType<typeof roomTopics>;

/**
 * The agent's MQTT uplink: birth and death with a persisted bdSeq, report by exception through
 * a durable outbox, health with a data budget, and remote commands. It needs nothing of the
 * room runtime beyond `RoomSource` and `CommandExecutor`.
 */
export class Uplink {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly topics: Topics;
  private readonly dir: string;
  private readonly checker = new PayloadChecker();
  private readonly bdSeq: BdSeqStore;
  private readonly outbox: Outbox;
  private readonly dedupe: DedupeStore;
  private readonly budget: DataBudget;
  private connection: MqttConnection | undefined;
  private sender: OutboxSender | undefined;
  private commands: CommandHandler | undefined;
  private readonly lastStates = new Map<string, DeviceStateMessage>();
  private readonly unsubscribers: Unsubscribe[] = [];
  private readonly appends = new Set<Promise<unknown>>();
  private healthTimer: TimerHandle | undefined;
  private fleetOnline: boolean | undefined;
  private startedAt = 0;
  private running = false;

  constructor(private readonly ctx: UplinkContext) {
    this.clock = ctx.clock ?? systemClock;
    this.log = ctx.log.child({ component: 'uplink' });
    this.topics = roomTopics(roomRoot(ctx.room));
    this.dir = join(ctx.dataDir, 'uplink');
    this.bdSeq = new BdSeqStore(this.dir);
    this.outbox = new Outbox({ dir: join(this.dir, 'outbox'), maxBytes: ctx.settings.outboxMaxBytes, log: this.log.child({ part: 'outbox' }), fsync: ctx.fsync ?? true });
    this.dedupe = new DedupeStore(this.dir, () => this.clock.now());
    this.budget = new DataBudget(this.dir, ctx.settings.dailyBudgetBytes, () => this.clock.now());
  }

  async start(): Promise<void> {
    this.startedAt = this.clock.now();
    const s = this.ctx.settings;
    const tls = await loadTlsMaterial(s);
    try {
      await mkdir(this.dir, { recursive: true });
    } catch (err) {
      throw new ScError('SC_ERR_UPLINK_STATE_IO', { path: this.dir, reason: messageOf(err) }, { cause: err });
    }
    await this.bdSeq.start();
    await this.outbox.start();
    await this.dedupe.start();
    await this.budget.start();
    this.running = true;
    const connection = new MqttConnection({
      url: s.url,
      clientId: `sc-${this.ctx.room.country}-${this.ctx.room.site}-${this.ctx.room.room}`.slice(0, 64),
      ...(s.username === undefined ? {} : { username: s.username }),
      ...(s.password === undefined ? {} : { password: s.password }),
      tls,
      keepaliveSeconds: s.keepaliveSeconds,
      reconnectMinMs: s.reconnectMinSeconds * 1000,
      reconnectMaxMs: s.reconnectMaxSeconds * 1000,
      prepare: async () => ({ topic: this.topics.status, payload: this.status(false, await this.bdSeq.next()) }),
      clock: this.clock,
      log: this.log.child({ part: 'link' }),
      ...(this.ctx.random === undefined ? {} : { random: this.ctx.random }),
    });
    this.connection = connection;
    this.sender = new OutboxSender(this.outbox, connection, this.log.child({ part: 'sender' }), this.ctx.sendWindow ?? 256);
    this.commands = new CommandHandler({
      executor: this.ctx.executor,
      allow: this.ctx.remoteAllow,
      dedupe: this.dedupe,
      checker: this.checker,
      now: () => this.clock.now(),
      log: this.log.child({ part: 'commands' }),
      builtins: { rebirth: async () => this.announce().then(() => ({ bdSeq: this.bdSeq.current })) },
    });
    connection.events.on('up', () => this.onUp());
    connection.events.on('down', () => {
      this.sender?.linkDown();
      this.budget.record(connection.bytes());
    });
    connection.events.on('message', (m) => this.onMessage(m.topic, m.payload, m.retain));
    this.sender.start();
    const src = this.ctx.source;
    this.unsubscribers.push(
      src.onState((c) => this.track(this.recordState(c.device, c.state))),
      src.onSession((session) => this.track(this.recordSession(session))),
      src.onEvent((e) => this.track(this.recordEvent(e))),
    );
    this.scheduleHealth();
    await connection.start();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.healthTimer?.cancel();
    for (const u of this.unsubscribers.splice(0)) u();
    await this.settle();
    const connection = this.connection;
    if (connection?.connected === true) {
      // A clean DISCONNECT suppresses the will, so say offline ourselves.
      await waitAtMost(connection.publish(this.topics.status, this.status(false, this.bdSeq.current), 1, true).catch(() => undefined), 2000);
    }
    this.sender?.stop();
    if (connection !== undefined) {
      this.budget.record(connection.bytes());
      await connection.stop();
    }
    await this.outbox.stop();
    await this.dedupe.stop();
    await this.budget.save().catch((err: unknown) => this.log.warn({ err: messageOf(err) }, 'cannot save data usage'));
  }

  /** Resolves once everything reported so far is in the outbox (on disk). */
  async settle(): Promise<void> {
    while (this.appends.size > 0) await Promise.allSettled([...this.appends]);
  }

  /** An event, numbered and stored before it is sent. Resolves with what will be published. */
  async recordEvent(e: RoomEvent): Promise<EventMessage> {
    const seq = this.outbox.nextSeq();
    const msg: EventMessage = { id: randomUUID(), seq, bdSeq: this.bdSeq.current, ts: e.ts ?? this.clock.now(), type: e.type };
    if (e.device !== undefined) msg.device = e.device;
    if (e.by !== undefined) msg.by = e.by;
    if (e.data !== undefined) msg.data = e.data;
    await this.outbox.append({ kind: 'event', topic: this.topics.event, payload: JSON.stringify(msg), retain: false, qos: 1, createdAt: msg.ts, seq });
    return msg;
  }

  /** A device's state; stored and sent only when it changed beyond the deadbands. */
  async recordState(device: string, state: DeviceStateMessage): Promise<boolean> {
    if (this.connection !== undefined) this.budget.record(this.connection.bytes());
    const ignore = this.budget.mode() === 'normal' ? new Set<string>() : new Set(OPTIONAL_TELEMETRY);
    if (!significantChange(this.lastStates.get(device), state, this.ctx.deadbands ?? DEFAULT_DEADBANDS, ignore)) return false;
    this.lastStates.set(device, state);
    await this.outbox.append({ kind: 'state', topic: this.topics.state(device), payload: JSON.stringify(state), retain: true, qos: 1, createdAt: this.clock.now() });
    return true;
  }

  async recordSession(session: SessionMessage): Promise<void> {
    await this.outbox.append({ kind: 'session', topic: this.topics.session, payload: JSON.stringify(session), retain: true, qos: 1, createdAt: this.clock.now() });
  }

  /** Figures for tests and the technician page. */
  stats() {
    const [sent, received] = this.connection?.bytes() ?? [0, 0];
    return {
      connected: this.connection?.connected === true,
      connects: this.connection?.connects ?? 0,
      bdSeq: this.bdSeq.current,
      outboxDepth: this.outbox.depth,
      outboxBytes: this.outbox.bytes,
      outboxDropped: this.outbox.dropped,
      outboxError: this.outbox.error,
      inFlight: this.sender?.inFlightCount ?? 0,
      bytesSent: sent,
      bytesReceived: received,
      budgetMode: this.budget.mode(),
      commandsOk: this.commands?.okCount ?? 0,
      commandsRefused: this.commands?.refusedCount ?? 0,
    };
  }

  /** Builds and queues a health message now (also what the timer does). */
  async sendHealth(): Promise<void> {
    const connection = this.connection;
    if (connection !== undefined) this.budget.record(connection.bytes());
    const err = this.outbox.error;
    const health = await buildHealth({
      now: this.clock.now(),
      startedAt: this.startedAt,
      dataDir: this.ctx.dataDir,
      outbox: { depth: this.outbox.depth, bytes: this.outbox.bytes, dropped: this.outbox.dropped, ...(err === undefined ? {} : { error: { code: err.code, message: err.message } }) },
      link: {
        connects: connection?.connects ?? 0,
        sent: this.budget.sentToday,
        received: this.budget.receivedToday,
        bdSeq: this.bdSeq.current,
        ...(this.budget.budget === undefined ? {} : { budget: this.budget.budget }),
        mode: this.budget.mode(),
      },
      commands: { ok: this.commands?.okCount ?? 0, refused: this.commands?.refusedCount ?? 0 },
    });
    await this.outbox.append({ kind: 'health', topic: this.topics.health, payload: JSON.stringify(health), retain: true, qos: 0, createdAt: health.ts });
    await this.budget.save().catch((e: unknown) => this.log.warn({ err: messageOf(e) }, 'cannot save data usage'));
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((err: unknown) => this.log.error({ err: messageOf(err) }, 'cannot queue a message for the fleet'));
    this.appends.add(tracked);
    void tracked.finally(() => this.appends.delete(tracked));
  }

  private scheduleHealth(): void {
    if (!this.running) return;
    const every = this.ctx.settings.healthIntervalSeconds * 1000 * HEALTH_STRETCH[this.budget.mode()];
    this.healthTimer = this.clock.after(every, () => {
      this.track(this.sendHealth());
      this.scheduleHealth();
    });
  }

  private status(online: boolean, bdSeq: number): string {
    const msg: StatusMessage = { online, bdSeq, ts: this.clock.now(), version: this.ctx.version };
    return JSON.stringify(msg);
  }

  private onUp(): void {
    const connection = this.connection;
    if (connection === undefined) return;
    this.fleetOnline = undefined;
    const run = async (): Promise<void> => {
      await connection.subscribe([this.topics.cmd, FLEET_STATUS_TOPIC]);
      await this.announce();
      this.sender?.linkUp();
    };
    run().catch((err: unknown) => {
      this.log.warn({ err: messageOf(err) }, 'birth failed; reconnecting');
      if (connection.connected) connection.drop('birth failed');
    });
  }

  /** Status, a full birth, then every device state and the session, all retained. */
  private async announce(): Promise<void> {
    const connection = this.connection;
    if (connection === undefined) throw new ScError('SC_ERR_MQTT_NOT_CONNECTED');
    const snap = this.ctx.source.snapshot();
    // The birth carries the current state: older state still waiting in the outbox is stale.
    this.outbox.dropKinds(['state', 'session']);
    const bdSeq = this.bdSeq.current;
    const now = this.clock.now();
    const birth: BirthMessage = { bdSeq, ts: now, version: this.ctx.version, room: snap.room, devices: snap.devices, scenes: snap.scenes, session: snap.session, remoteAllow: [...this.ctx.remoteAllow] };
    const sends = [connection.publish(this.topics.status, this.status(true, bdSeq), 1, true), connection.publish(this.topics.birth, JSON.stringify(birth), 1, true)];
    for (const d of snap.devices) {
      this.lastStates.set(d.id, d.state);
      sends.push(connection.publish(this.topics.state(d.id), JSON.stringify(d.state), 1, true));
    }
    sends.push(connection.publish(this.topics.session, JSON.stringify(snap.session), 1, true));
    await Promise.all(sends);
    this.log.info({ bdSeq, devices: snap.devices.length }, 'birth sent');
  }

  private onMessage(topic: string, payload: Buffer, retain: boolean): void {
    if (topic === this.topics.cmd) {
      void this.answer(payload);
      return;
    }
    if (topic !== FLEET_STATUS_TOPIC) return;
    let online: boolean | undefined;
    try {
      const v = JSON.parse(payload.toString('utf8')) as unknown;
      if (this.checker.check('fleet-status', v)) online = (v as { online: boolean }).online;
    } catch {
      online = undefined;
    }
    if (online === undefined) return;
    const before = this.fleetOnline;
    this.fleetOnline = online;
    // The retained status that arrives on subscribing is not news: the birth was just sent.
    if (online && (before === false || !retain)) {
      this.log.info('the fleet came online: sending a fresh birth');
      this.announce().catch((err: unknown) => this.log.warn({ err: messageOf(err) }, 'rebirth failed'));
    }
  }

  private async answer(payload: Buffer): Promise<void> {
    try {
      const commands = this.commands;
      if (commands === undefined) return;
      const reply = await commands.handle(payload);
      await this.connection?.publish(this.topics.reply, JSON.stringify(reply), 1, false);
    } catch (err) {
      this.log.warn({ err: messageOf(err) }, 'cannot send a command reply');
    }
  }
}
