import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import {
  FLEET_STATUS_TOPIC,
  roomRoot,
  type PayloadChecker,
  roomTopics,
  type BirthMessage,
  type DeviceStateMessage,
  type EventMessage,
  type HealthMessage,
  type SessionMessage,
  type StatusMessage,
} from '../../contract/mqtt/index.js';
import { answerCommand } from './sim-commands.js';
import type { SimRoomSpec } from './plan.js';

export interface SimCredential {
  username: string;
  password: string;
}

export interface SimRoomOptions {
  url: string;
  credential: SimCredential;
  now: () => number;
  version: string;
  /** Reconnect after a lost link (ms); 0 leaves the room offline until `reconnect()`. */
  reconnectPeriodMs: number;
  /** How long `session.end` / `session.start` spend in `ending` / `starting`. */
  transitionMs: number;
  /** Shared by all rooms of a simulated fleet (compiled once). */
  checker: PayloadChecker;
}

type Actor = SessionMessage['by'];

/**
 * One simulated classroom on the real MQTT contract: it connects with its own credentials and
 * a will, publishes status, birth, device states, session, events and health as an agent
 * would, and answers `cmd` with `reply`. No timers of its own: the fleet simulator's one ticker
 * calls `publishHealth` round-robin, so thousands of rooms cost no thousands of intervals.
 */
export class SimulatedRoom {
  readonly root: string;
  private readonly topics: ReturnType<typeof roomTopics>;
  private client: MqttClient | undefined;
  private bdSeq = 0;
  private seq = 0;
  private readonly startedAt: number;
  private session: SessionMessage;
  private readonly devices: Map<string, SimRoomSpec['devices'][number]>;
  private commandsOk = 0;
  private commandsRefused = 0;
  private readonly seenCommands = new Set<string>();
  /** Values the health message reports, nudged a little each time. */
  private rssBytes: number;
  outboxDepth = 0;

  constructor(
    readonly spec: SimRoomSpec,
    private readonly options: SimRoomOptions,
  ) {
    this.root = roomRoot({ country: spec.country, site: spec.site, room: spec.room });
    this.topics = roomTopics(this.root);
    this.startedAt = options.now();
    this.session = { ...spec.session };
    this.devices = new Map(spec.devices.map((d) => [d.id, { ...d, state: { ...d.state } }]));
    this.rssBytes = 90e6 + (this.root.length % 7) * 4e6;
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  get sessionState(): SessionMessage {
    return this.session;
  }

  deviceState(id: string): DeviceStateMessage | undefined {
    return this.devices.get(id)?.state;
  }

  /** Connects (resolves at CONNACK, after the birth is out) or rejects with the broker's refusal. */
  async connect(): Promise<void> {
    if (this.client !== undefined) return;
    this.bdSeq += 1;
    const client = mqtt.connect(this.options.url, {
      protocolVersion: 4,
      clientId: this.options.credential.username,
      username: this.options.credential.username,
      password: this.options.credential.password,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: this.options.reconnectPeriodMs,
      will: this.will(),
    });
    this.client = client;
    client.on('reconnect', () => {
      // A new connection is a new bdSeq; the will of the next CONNECT must carry it.
      this.bdSeq += 1;
      client.options.will = this.will();
    });
    client.on('connect', () => this.announce());
    client.on('message', (topic, payload) => this.onMessage(topic, payload));
    client.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error) => {
        client.removeListener('connect', onConnect);
        reject(err);
      };
      const onConnect = () => {
        client.removeListener('error', onError);
        resolve();
      };
      client.once('connect', onConnect);
      client.once('error', onError);
    }).catch((err: unknown) => {
      client.end(true);
      this.client = undefined;
      throw err;
    });
  }

  private will() {
    const status: StatusMessage = { online: false, bdSeq: this.bdSeq, ts: this.options.now() };
    return { topic: this.topics.status, payload: Buffer.from(JSON.stringify(status)), qos: 1 as const, retain: true };
  }

  private announce(): void {
    const client = this.client;
    if (client === undefined) return;
    client.subscribe([this.topics.cmd, FLEET_STATUS_TOPIC], { qos: 1 }, () => undefined);
    const status: StatusMessage = { online: true, bdSeq: this.bdSeq, ts: this.options.now(), version: this.options.version };
    this.publish(this.topics.status, status, true, 1);
    this.publishBirth();
    for (const [id, d] of this.devices) this.publish(this.topics.state(id), d.state, true, 1);
    this.publish(this.topics.session, this.session, true, 1);
    this.publishHealth();
  }

  birth(): BirthMessage {
    return {
      bdSeq: this.bdSeq,
      ts: this.options.now(),
      version: this.options.version,
      room: { name: this.spec.name, timezone: this.spec.timezone, language: 'en' },
      devices: [...this.devices.values()].map((d) => ({ id: d.id, driver: d.driver, name: d.name, capabilities: d.capabilities, state: d.state })),
      scenes: this.spec.scenes,
      session: this.session,
      remoteAllow: this.spec.remoteAllow,
    };
  }

  publishBirth(): void {
    this.publish(this.topics.birth, this.birth(), true, 1);
  }

  private publish(topic: string, payload: unknown, retain: boolean, qos: 0 | 1): void {
    const client = this.client;
    if (client === undefined || !client.connected) return;
    client.publish(topic, JSON.stringify(payload), { qos, retain }, () => undefined);
  }

  private onMessage(topic: string, payload: Buffer): void {
    if (topic === FLEET_STATUS_TOPIC) {
      // The fleet came (back) online: it may have missed everything, so a fresh birth.
      try {
        if ((JSON.parse(payload.toString()) as { online?: unknown }).online === true) this.publishBirth();
      } catch {
        // not the fleet's JSON; nothing to do
      }
      return;
    }
    if (topic !== this.topics.cmd) return;
    void answerCommand(this, payload, this.options.checker).then((reply) => {
      if (reply.status === 'ok') this.commandsOk += 1;
      else this.commandsRefused += 1;
      this.publish(this.topics.reply, reply, false, 1);
    });
  }

  /** True the first time an id is seen (commands run at most once per id). */
  firstTime(commandId: string): boolean {
    if (this.seenCommands.has(commandId)) return false;
    this.seenCommands.add(commandId);
    if (this.seenCommands.size > 1000) this.seenCommands.delete(this.seenCommands.values().next().value as string);
    return true;
  }

  now(): number {
    return this.options.now();
  }

  event(type: string, extra: Pick<EventMessage, 'device' | 'by' | 'data'> = {}): EventMessage {
    this.seq += 1;
    const e: EventMessage = { id: randomBytes(8).toString('hex'), seq: this.seq, bdSeq: this.bdSeq, ts: this.options.now(), type, ...extra };
    this.publish(this.topics.event, e, false, 1);
    return e;
  }

  setSession(next: Omit<SessionMessage, 'since'>): void {
    const previous = this.session.state;
    this.session = { ...next, since: this.options.now(), ts: this.options.now() };
    this.publish(this.topics.session, this.session, true, 1);
    this.event('session.changed', { by: next.by, data: { state: next.state, previous } });
  }

  setDevice(id: string, patch: Partial<DeviceStateMessage>): void {
    const device = this.devices.get(id);
    if (device === undefined) throw new RangeError(`no device ${id} in ${this.root}`);
    const before = device.state.status;
    device.state = { ...device.state, ...patch, ts: this.options.now() };
    this.publish(this.topics.state(id), device.state, true, 1);
    if (patch.status !== undefined && patch.status !== before) {
      this.event(`device.${patch.status}`, { device: id, data: { previous: before, ...(patch.reason === undefined ? {} : { reason: patch.reason }) } });
    }
  }

  /** The class starts as the `start-class` scene would: panel on, recorder running. */
  startClass(by: Actor, course?: string, teacher?: string): void {
    this.setSession({ state: 'starting', by, scene: 'start-class' });
    if (this.devices.get('recorder')?.state.status === 'online') this.setDevice('recorder', { recorder: { activity: 'recording', elapsedSeconds: 0 } });
    this.setSession({ state: 'live', by, scene: 'start-class', ...(course === undefined ? {} : { course }), ...(teacher === undefined ? {} : { teacher }) });
  }

  beginEnd(by: Actor): void {
    this.setSession({ state: 'ending', by, scene: 'end-class' });
  }

  finishEnd(by: Actor): void {
    const rec = this.devices.get('recorder');
    if (rec?.state.recorder?.activity === 'recording') this.setDevice('recorder', { recorder: { ...rec.state.recorder, activity: 'stopped' } });
    this.setSession({ state: 'idle', by, scene: 'end-class' });
  }

  get transitionMs(): number {
    return this.options.transitionMs;
  }

  requestHelp(message = 'The projector shows no picture'): void {
    this.event('help', { by: { kind: 'wall-panel' }, data: { message } });
  }

  health(): HealthMessage {
    const now = this.options.now();
    // A slow sawtooth, so the memory chart has a shape to look at.
    this.rssBytes = this.rssBytes > 160e6 ? 90e6 : this.rssBytes + 1.5e6;
    return {
      ts: now,
      uptimeS: Math.round((now - this.startedAt) / 1000),
      memory: { rssBytes: Math.round(this.rssBytes), heapUsedBytes: Math.round(this.rssBytes * 0.45) },
      disk: { freeBytes: 80e9, totalBytes: 128e9 },
      outbox: { depth: this.outboxDepth, bytes: this.outboxDepth * 300 },
      clockSkewMs: 0,
      link: { connects: this.bdSeq, bytesSentToday: this.seq * 400, bytesReceivedToday: this.commandsOk * 200, rttMs: 40 + (this.seq % 9) * 5, bdSeq: this.bdSeq },
      commands: { ok: this.commandsOk, refused: this.commandsRefused },
    };
  }

  publishHealth(): void {
    this.publish(this.topics.health, this.health(), true, 0);
  }

  /** The link dies without a goodbye (cable cut, power loss): the broker publishes the will. */
  dropLink(): void {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    client.options.reconnectPeriod = 0;
    client.stream.destroy();
    client.end(true);
  }

  /** A clean shutdown: the agent says it goes offline, then disconnects. */
  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    if (client.connected) {
      const status: StatusMessage = { online: false, bdSeq: this.bdSeq, ts: this.options.now() };
      await client.publishAsync(this.topics.status, JSON.stringify(status), { qos: 1, retain: true }).catch(() => undefined);
    }
    await client.endAsync();
  }
}
