import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { EventBus } from '../core/event-bus.js';
import { ScError, messageOf } from '../core/errors/index.js';
import type { Logger } from '../core/logger.js';
import { FLEET_STATUS_TOPIC } from '../contract/mqtt/index.js';
import { AlertEngine } from './alerts/engine.js';
import { HelpNotice } from './alerts/help-notice.js';
import { AlertWebhook } from './alerts/webhook.js';
import { Analytics } from './analytics/analytics.js';
import { RoomDirectory } from './auth/room-directory.js';
import { SessionService } from './auth/sessions.js';
import { UserService } from './auth/users.js';
import type { FleetBus } from './broker/bus.js';
import { EmbeddedBroker } from './broker/embedded-broker.js';
import { ExternalBus } from './broker/external-bus.js';
import { CommandService } from './commands/commands.js';
import type { FleetEvents } from './events.js';
import { buildApp } from './http/app.js';
import { IngestPipeline } from './ingest/pipeline.js';
import { FleetMetrics } from './metrics.js';
import { Provisioning } from './provisioning.js';
import type { FleetSettings } from './settings.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';

export interface FleetServiceOptions {
  settings: FleetSettings;
  log: Logger;
  version: string;
  now?: () => number;
  /** Where the store is (tests may share one); default from the settings. */
  store?: SqliteStore;
  /** How often room credentials and the room list are re-read from the store (CLI changes, other workers). */
  syncMs?: number;
  alertCheckMs?: number;
}

export interface FleetStarted {
  /** Only on the very first start: print it once, it is not kept anywhere. */
  firstAdmin?: { username: string; password: string };
  http: { host: string; port: number };
  mqtt: Partial<Record<'mqtt' | 'mqtts' | 'ws', number>>;
}

const DAY = 86_400_000;

/** Everything the fleet runs, started in dependency order and stopped in reverse. */
export class FleetService {
  readonly metrics = new FleetMetrics();
  readonly events: EventBus<FleetEvents>;
  readonly directory = new RoomDirectory();
  private store: SqliteStore | undefined;
  private bus: FleetBus | undefined;
  private pipeline: IngestPipeline | undefined;
  private alerts: AlertEngine | undefined;
  private webhook: AlertWebhook | undefined;
  private commands: CommandService | undefined;
  private helpNotice: HelpNotice | undefined;
  private app: FastifyInstance | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: FleetServiceOptions) {
    this.events = new EventBus<FleetEvents>(options.log);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  get model(): IngestPipeline['model'] {
    if (this.pipeline === undefined) throw new Error('fleet not started');
    return this.pipeline.model;
  }

  get ingest(): IngestPipeline {
    if (this.pipeline === undefined) throw new Error('fleet not started');
    return this.pipeline;
  }

  get http(): FastifyInstance {
    if (this.app === undefined) throw new Error('fleet not started');
    return this.app;
  }

  async start(): Promise<FleetStarted> {
    try {
      return await this.startAll();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private async startAll(): Promise<FleetStarted> {
    const { settings: s, log } = this.options;
    const now = (): number => this.now();
    mkdirSync(s.dataDir, { recursive: true });
    const store = this.options.store ?? new SqliteStore(s.storePath);
    this.store = store;
    await store.start();
    const users = new UserService({ repo: store.users, now });
    const firstAdmin = await users.ensureFirstAdmin();
    if (firstAdmin !== undefined) log.warn({ username: firstAdmin.username }, 'first start: created an admin account with a random password (printed once)');
    this.directory.load(await store.rooms.listCredentials());

    const bus: FleetBus =
      s.broker.mode === 'embedded'
        ? new EmbeddedBroker({
            listeners: s.broker.listeners,
            directory: this.directory,
            maxMessageBytes: s.broker.maxMessageBytes,
            maxMessagesPerSecond: s.broker.maxMessagesPerSecond,
            log: log.child({ component: 'broker' }),
            metrics: this.metrics,
          })
        : new ExternalBus({ ...this.requireExternal(), log: log.child({ component: 'broker' }) });
    this.bus = bus;

    const pipeline = new IngestPipeline({ store, bus: this.events, log, metrics: this.metrics, now });
    this.pipeline = pipeline;
    await pipeline.start();
    bus.setHandler((topic, payload, retained) => pipeline.ingestor.handle(topic, payload, retained));

    if (s.webhook !== undefined) {
      this.webhook = new AlertWebhook(s.webhook, { log: log.child({ component: 'webhook' }), metrics: this.metrics, fleetName: s.name, ...(s.http.publicUrl === undefined ? {} : { publicUrl: s.http.publicUrl }) });
    }
    this.alerts = new AlertEngine({
      repo: store.alerts,
      model: pipeline.model,
      bus: this.events,
      log: log.child({ component: 'alerts' }),
      metrics: this.metrics,
      thresholds: s.alerts,
      ...(this.webhook === undefined ? {} : { webhook: this.webhook }),
      now,
      ...(this.options.alertCheckMs === undefined ? {} : { checkIntervalMs: this.options.alertCheckMs }),
    });
    await this.alerts.start();
    this.commands = new CommandService({
      bus,
      events: this.events,
      audit: store.audit,
      model: pipeline.model,
      log: log.child({ component: 'commands' }),
      metrics: this.metrics,
      defaultExpirySeconds: s.commands.expirySeconds,
      replyWaitMs: s.commands.replyWaitSeconds * 1000,
      now,
    });
    await this.commands.start();
    this.helpNotice = new HelpNotice({ events: this.events, commands: this.commands, log: log.child({ component: 'help-notice' }) });
    this.helpNotice.start();

    await bus.start();
    await bus.publish(FLEET_STATUS_TOPIC, JSON.stringify({ online: true, ts: this.now() }), { qos: 1, retain: true });

    const provisioning = new Provisioning({ store, directory: this.directory, bus, brokerUrl: s.broker.publicUrl, now });
    this.app = await buildApp({
      store,
      model: pipeline.model,
      events: this.events,
      alerts: this.alerts,
      commands: this.commands,
      provisioning,
      users,
      sessions: new SessionService({ repo: store.users, ttlMs: s.http.sessionHours * 3_600_000, now }),
      analytics: new Analytics({ repo: store.ingest, now }),
      metrics: this.metrics,
      log,
      settings: {
        fleetName: s.name,
        version: this.options.version,
        cookieSecret: s.http.cookieSecret ?? this.cookieSecret(),
        secureCookies: s.http.secureCookies,
        loginAttemptsPerMinute: s.http.loginAttemptsPerMinute,
      },
      now,
    });
    this.registerGauges();
    try {
      await this.app.listen({ host: s.http.host, port: s.http.port });
    } catch (err) {
      throw new ScError('SC_ERR_FLEET_LISTEN', { what: 'HTTP', host: s.http.host, port: s.http.port, reason: messageOf(err) }, { cause: err });
    }
    const address = this.app.server.address();
    const httpPort = typeof address === 'object' && address !== null ? address.port : s.http.port;
    log.info({ host: s.http.host, port: httpPort }, 'fleet HTTP API ready (OpenAPI at /docs)');

    this.every(this.options.syncMs ?? 10_000, () => this.sync());
    this.every(DAY / 4, () => this.housekeeping());
    void this.housekeeping();
    return {
      ...(firstAdmin === undefined ? {} : { firstAdmin }),
      http: { host: s.http.host, port: httpPort },
      mqtt: bus instanceof EmbeddedBroker ? bus.ports() : {},
    };
  }

  async stop(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    await this.app?.close();
    this.app = undefined;
    if (this.bus !== undefined) {
      await this.bus.publish(FLEET_STATUS_TOPIC, JSON.stringify({ online: false, ts: this.now() }), { qos: 1, retain: true }).catch(() => undefined);
    }
    this.helpNotice?.stop();
    this.helpNotice = undefined;
    await this.commands?.stop();
    await this.alerts?.stop();
    await this.webhook?.stop();
    await this.bus?.stop();
    await this.pipeline?.stop();
    if (this.options.store === undefined) await this.store?.stop();
    this.bus = undefined;
    this.pipeline = undefined;
    this.alerts = undefined;
    this.commands = undefined;
    this.store = undefined;
  }

  private requireExternal(): NonNullable<FleetSettings['broker']['external']> {
    const e = this.options.settings.broker.external;
    if (e === undefined) throw new ScError('SC_ERR_FLEET_CONFIG', { detail: 'broker.mode external needs broker.url' });
    return e;
  }

  private every(ms: number, work: () => Promise<void>): void {
    this.timers.push(
      setInterval(() => {
        work().catch((err: unknown) => this.options.log.error({ err }, 'periodic fleet task failed'));
      }, ms),
    );
  }

  /** Picks up rooms and credentials changed by `classroom fleet room ...` or another worker. */
  async sync(): Promise<void> {
    const store = this.store;
    if (store === undefined || this.pipeline === undefined) return;
    const before = this.directory.hashes();
    this.directory.load(await store.rooms.listCredentials());
    const after = this.directory.hashes();
    // Rotated or revoked elsewhere: the connection made with the old password ends now.
    for (const [root, hash] of before) if (after.get(root) !== hash) this.bus?.disconnectRoom(root);
    for (const r of await store.rooms.listRooms()) this.pipeline.model.addRoom(r, this.now());
  }

  private async housekeeping(): Promise<void> {
    const store = this.store;
    if (store === undefined) return;
    const removed = await store.ingest.prune(this.now() - this.options.settings.retentionDays * DAY);
    await store.users.deleteSessions({ expiredBefore: this.now() });
    if (removed > 0) this.options.log.info({ removed }, 'old events removed (retention)');
  }

  /** A random cookie-signing key kept in the data directory when the config names none. */
  private cookieSecret(): string {
    const file = join(this.options.settings.dataDir, 'cookie-secret');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    const secret = randomBytes(32).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return secret;
  }

  private registerGauges(): void {
    const m = this.metrics;
    m.gauge('sc_fleet_rooms', 'Provisioned rooms', () => this.pipeline?.model.rooms.size ?? 0);
    m.gauge('sc_fleet_rooms_online', 'Rooms online now', () => [...(this.pipeline?.model.rooms.values() ?? [])].filter((r) => r.online).length);
    m.gauge('sc_fleet_mqtt_clients', 'MQTT clients connected to the embedded broker', () => this.bus?.connectedClients() ?? 0);
    m.gauge('sc_fleet_ingest_backlog', 'Messages waiting to be written to the store', () => this.pipeline?.writer.backlog ?? 0);
    m.gauge('sc_fleet_process_resident_bytes', 'Resident memory of this process', () => process.memoryUsage().rss);
  }
}
