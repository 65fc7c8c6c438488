import { randomBytes } from 'node:crypto';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { ScError, messageOf } from '../../core/errors/index.js';
import type { Logger } from '../../core/logger.js';
import { FLEET_STATUS_TOPIC } from '../../contract/mqtt/index.js';
import type { FleetBus, MessageHandler, PublishOptions } from './bus.js';

export interface ExternalBusOptions {
  url: string;
  username?: string;
  password?: string;
  ca?: string;
  clientId?: string;
  /** The $share/ group fleet workers split events and health in. */
  shareGroup: string;
  log: Logger;
  connectTimeoutMs?: number;
}

/**
 * The fleet as a client of Mosquitto, EMQX, HiveMQ or VerneMQ. Events and health, the bulk of
 * the traffic, come through `$share/GROUP/...` so that each is handled by one worker only.
 * The small retained topics (status, birth, session, device state) and replies come to every
 * worker: each keeps the whole fleet in its model, the store records each change once (it
 * compares with what is stored), and a reply reaches the worker that sent the command.
 */
export class ExternalBus implements FleetBus {
  readonly mode = 'external';
  private client: MqttClient | undefined;
  private handler: MessageHandler = () => undefined;
  private reassert: NodeJS.Timeout | undefined;

  constructor(private readonly options: ExternalBusOptions) {}

  setHandler(handler: MessageHandler): void {
    this.handler = handler;
  }

  subscriptions(): string[] {
    const share = `$share/${this.options.shareGroup}`;
    return [
      `${share}/sc/v1/+/+/+/event`,
      `${share}/sc/v1/+/+/+/health`,
      'sc/v1/+/+/+/status',
      'sc/v1/+/+/+/birth',
      'sc/v1/+/+/+/session',
      'sc/v1/+/+/+/state/+',
      'sc/v1/+/+/+/reply',
      FLEET_STATUS_TOPIC,
    ];
  }

  async start(): Promise<void> {
    const o = this.options;
    const opts: IClientOptions = {
      protocolVersion: 4,
      clientId: o.clientId ?? `sc-fleet-${randomBytes(6).toString('hex')}`,
      clean: true,
      reconnectPeriod: 2000,
      connectTimeout: o.connectTimeoutMs ?? 10_000,
      will: { topic: FLEET_STATUS_TOPIC, payload: Buffer.from(JSON.stringify({ online: false, ts: Date.now() })), qos: 1, retain: true },
      ...(o.username === undefined ? {} : { username: o.username }),
      ...(o.password === undefined ? {} : { password: o.password }),
      ...(o.ca === undefined ? {} : { ca: o.ca }),
    };
    const client = mqtt.connect(o.url, opts);
    this.client = client;
    client.on('connect', () => {
      (client.stream as unknown as { setNoDelay?: (v: boolean) => void }).setNoDelay?.(true);
      client.subscribe(
        this.subscriptions().map((topic) => topic),
        { qos: 1 },
        (err) => {
          if (err) o.log.error({ err: messageOf(err) }, 'fleet subscriptions refused by the broker');
        },
      );
    });
    client.on('message', (topic, payload, packet) => {
      if (topic === FLEET_STATUS_TOPIC) return this.onFleetStatus(payload);
      this.handler(topic, payload, packet.retain);
    });
    client.on('error', (err) => o.log.warn({ err: messageOf(err) }, 'external broker error'));
    client.on('offline', () => o.log.warn({ url: o.url }, 'external broker unreachable; reconnecting'));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out')), (o.connectTimeoutMs ?? 10_000) + 1000);
        client.once('connect', () => {
          clearTimeout(timer);
          resolve();
        });
        client.once('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      });
    } catch (err) {
      client.end(true);
      this.client = undefined;
      throw new ScError('SC_ERR_MQTT_CONNECT', { url: o.url, reason: messageOf(err) }, { cause: err });
    }
  }

  /** Another worker's will said the fleet is offline while this one runs: say otherwise. */
  private onFleetStatus(payload: Buffer): void {
    let online = true;
    try {
      online = (JSON.parse(payload.toString()) as { online?: unknown }).online === true;
    } catch {
      return;
    }
    if (online || this.reassert !== undefined) return;
    this.reassert = setTimeout(() => {
      this.reassert = undefined;
      this.publish(FLEET_STATUS_TOPIC, JSON.stringify({ online: true, ts: Date.now() }), { qos: 1, retain: true }).catch(() => undefined);
    }, 200 + Math.random() * 800);
  }

  async publish(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void> {
    if (this.client === undefined) throw new ScError('SC_ERR_MQTT_CONNECT', { url: this.options.url, reason: 'not started' });
    await this.client.publishAsync(topic, payload, { qos: options.qos, retain: options.retain });
  }

  disconnectRoom(): number {
    // The external broker holds the connections; revocation takes effect when its password
    // file is exported again and reloaded.
    return 0;
  }

  connectedClients(): undefined {
    return undefined;
  }

  async stop(): Promise<void> {
    if (this.reassert !== undefined) clearTimeout(this.reassert);
    this.reassert = undefined;
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) await client.endAsync();
  }
}
