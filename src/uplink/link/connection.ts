import type { Socket } from 'node:net';
import { MqttClient, type IClientOptions } from 'mqtt';
import type { Logger } from 'pino';
import { Backoff } from '../../core/backoff.js';
import { EventBus } from '../../core/event-bus.js';
import { ScError, messageOf } from '../../core/errors/index.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { openBrokerStream, parseBrokerUrl, type BrokerAddress, type TlsMaterial } from './socket.js';

export interface Will {
  topic: string;
  payload: string;
}

export interface ConnectionOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  tls: TlsMaterial;
  keepaliveSeconds: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  connectTimeoutMs?: number;
  /** Called before every attempt: the will of that connection (its bdSeq is stored first). */
  prepare: () => Promise<Will>;
  clock: Clock;
  log: Logger;
  random?: () => number;
}

export interface ConnectionEvents extends Record<string, unknown> {
  up: { connects: number };
  down: { reason: string };
  message: { topic: string; payload: Buffer; retain: boolean };
}

type MqttTimer = Exclude<NonNullable<IClientOptions['timerVariant']>, string>;

/** mqtt.js's keepalive timer (setInterval semantics, numeric ids) on our clock. */
function mqttTimer(clock: Clock): MqttTimer {
  const handles = new Map<number, TimerHandle>();
  let next = 1;
  return {
    set: (fn: () => void, ms: number) => {
      const id = next++;
      handles.set(id, clock.every(ms, fn));
      return id;
    },
    clear: (id: number) => {
      handles.get(id)?.cancel();
      handles.delete(id);
    },
  } as MqttTimer;
}

/** A connection that stayed up this long resets the backoff; shorter ones (a broker that kicks us out) do not. */
const STABLE_MS = 30_000;

/**
 * One MQTT 3.1.1 link to the fleet broker. mqtt.js's own reconnect (a fixed 1 s retry) and its
 * offline queue are off: every attempt is a fresh MqttClient, started after a jittered
 * exponential backoff, and anything unsent is the outbox's business. A link that stops answering
 * is noticed by mqtt.js's keepalive (ping after one period, dead after 1.5), on our clock.
 */
export class MqttConnection {
  readonly events: EventBus<ConnectionEvents>;
  private readonly backoff: Backoff;
  private readonly address: BrokerAddress;
  private client: MqttClient | undefined;
  private timer: TimerHandle | undefined;
  private running = false;
  private upSince: number | undefined;
  private connectCount = 0;
  private closedSent = 0;
  private closedReceived = 0;
  private socket: Socket | undefined;

  constructor(private readonly opts: ConnectionOptions) {
    this.events = new EventBus<ConnectionEvents>(opts.log);
    this.address = parseBrokerUrl(opts.url);
    this.backoff = new Backoff({ initialMs: opts.reconnectMinMs, maxMs: opts.reconnectMaxMs, jitter: 1, ...(opts.random === undefined ? {} : { random: opts.random }) });
  }

  async start(): Promise<void> {
    this.running = true;
    await this.attempt();
  }

  /** Closes the link cleanly (DISCONNECT: the broker does not publish the will). */
  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      client.removeAllListeners('close');
      await client.endAsync(!client.connected).catch(() => undefined);
      client.removeAllListeners();
    }
    this.takeSocketBytes();
    this.events.clear();
  }

  get connected(): boolean {
    return this.client?.connected === true && this.upSince !== undefined;
  }

  get connects(): number {
    return this.connectCount;
  }

  /** Bytes on the TCP socket (TLS included) since start: [sent, received]. */
  bytes(): [number, number] {
    const s = this.socket;
    return [this.closedSent + (s?.bytesWritten ?? 0), this.closedReceived + (s?.bytesRead ?? 0)];
  }

  publish(topic: string, payload: string, qos: 0 | 1, retain: boolean): Promise<void> {
    const client = this.client;
    if (client === undefined || !this.connected) return Promise.reject(new ScError('SC_ERR_MQTT_NOT_CONNECTED'));
    return new Promise((resolve, reject) => {
      // QoS 1 resolves on PUBACK; QoS 0 once written to the socket.
      client.publish(topic, payload, { qos, retain }, (err) => (err === undefined || err === null ? resolve() : reject(err)));
    });
  }

  async subscribe(topics: string[]): Promise<void> {
    const client = this.client;
    if (client === undefined || !this.connected) throw new ScError('SC_ERR_MQTT_NOT_CONNECTED');
    await client.subscribeAsync(topics, { qos: 1 });
  }

  /** Drops the current link (as a dead link would) and reconnects after the backoff. */
  drop(reason: string): void {
    this.opts.log.warn({ reason }, 'dropping the MQTT link');
    this.socket?.destroy();
  }

  private takeSocketBytes(): void {
    const s = this.socket;
    if (s === undefined) return;
    this.closedSent += s.bytesWritten;
    this.closedReceived += s.bytesRead;
    this.socket = undefined;
  }

  private async attempt(): Promise<void> {
    this.timer = undefined;
    if (!this.running) return;
    let will: Will;
    try {
      will = await this.opts.prepare();
    } catch (err) {
      this.opts.log.error({ err: messageOf(err) }, 'cannot prepare the MQTT connection');
      this.retryLater();
      return;
    }
    if (!this.running) return;
    const options: IClientOptions = {
      protocolVersion: 4,
      protocol: this.address.secure ? 'mqtts' : 'mqtt',
      clientId: this.opts.clientId,
      clean: true,
      keepalive: this.opts.keepaliveSeconds,
      reconnectPeriod: 0,
      connectTimeout: this.opts.connectTimeoutMs ?? 20_000,
      queueQoSZero: false,
      resubscribe: false,
      timerVariant: mqttTimer(this.opts.clock),
      will: { topic: will.topic, payload: Buffer.from(will.payload), qos: 1, retain: true },
      ...(this.opts.username === undefined ? {} : { username: this.opts.username }),
      ...(this.opts.password === undefined ? {} : { password: this.opts.password }),
    };
    const client = new MqttClient(() => openBrokerStream(this.address, this.opts.tls, (raw) => this.adopt(raw)), options);
    this.client = client;
    client.on('connect', () => {
      if (this.client !== client) return;
      this.upSince = this.opts.clock.now();
      this.connectCount += 1;
      this.opts.log.info({ connects: this.connectCount }, 'connected to the fleet broker');
      this.events.emit('up', { connects: this.connectCount });
    });
    client.on('message', (topic, payload, packet) => {
      if (this.client === client) this.events.emit('message', { topic, payload, retain: packet.retain });
    });
    client.on('error', (err) => {
      const e = new ScError('SC_ERR_MQTT_CONNECT', { url: this.opts.url, reason: err.message });
      this.opts.log.warn({ code: e.code }, e.message);
    });
    client.once('close', () => {
      if (this.client !== client) return;
      const wasUp = this.upSince !== undefined;
      const lasted = wasUp ? this.opts.clock.now() - (this.upSince ?? 0) : 0;
      this.upSince = undefined;
      this.client = undefined;
      this.takeSocketBytes();
      client.removeAllListeners();
      // Closing a client whose stream is gone: nothing is sent, callbacks of in-flight publishes fail.
      client.end(true);
      if (wasUp) {
        this.opts.log.warn({ lastedMs: lasted }, 'the link to the fleet broker went down');
        if (lasted >= STABLE_MS) this.backoff.reset();
        this.events.emit('down', { reason: 'closed' });
      }
      this.retryLater();
    });
  }

  private adopt(raw: Socket): void {
    this.takeSocketBytes();
    this.socket = raw;
  }

  private retryLater(): void {
    if (!this.running || this.timer !== undefined) return;
    const delay = this.backoff.next();
    this.opts.log.info({ delayMs: delay, attempt: this.backoff.attempts }, 'reconnecting to the fleet broker later');
    this.timer = this.opts.clock.after(delay, () => void this.attempt());
  }
}
