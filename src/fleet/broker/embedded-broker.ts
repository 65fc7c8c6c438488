import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Aedes, type AedesPublishPacket, type Client, type PublishPacket, type Subscription } from 'aedes';
import type { Logger } from '../../core/logger.js';
import { parseRoomTopic } from '../../contract/mqtt/index.js';
import { canRoomPublish, canRoomSubscribe } from '../auth/acl.js';
import { verifyRoomPassword } from '../auth/room-credentials.js';
import type { RoomDirectory } from '../auth/room-directory.js';
import type { FleetMetrics } from '../metrics.js';
import type { FleetBus, MessageHandler, PublishOptions } from './bus.js';
import { listen, type Listener, type ListenerSpec, type Transport } from './listeners.js';
import { TokenBucket } from './rate-limit.js';

export interface EmbeddedBrokerOptions {
  listeners: ListenerSpec[];
  directory: RoomDirectory;
  /**
   * A read-only account that may subscribe to `sc/v1/...` (wildcards too) and publish nothing:
   * for a monitoring tap, and the bare subscriber `bench ingest` compares the fleet with.
   */
  observer?: { username: string; hash: string };
  maxMessageBytes: number;
  maxMessagesPerSecond: number;
  log: Logger;
  metrics: FleetMetrics;
}

interface ClientContext {
  /** '' for the observer. */
  root: string;
  observer: boolean;
  username: string;
  bucket: TokenBucket;
  timers: Set<NodeJS.Timeout>;
  /** ms of throttling queued on this client right now. */
  queuedMs: number;
  /** The connection is gone: only its will can still come, and it is not rate-limited. */
  closed: boolean;
}

/** A client delayed by more than this is not throttled any more but disconnected. */
const MAX_THROTTLE_MS = 5_000;

function refusal(message: string, returnCode: 2 | 4 | 5): Error & { returnCode: 2 | 4 | 5 } {
  return Object.assign(new Error(message), { returnCode });
}

/**
 * aedes in this process, listening on TCP, TLS and WebSocket, with the contract's ACL on every
 * publish and subscribe, per-room credentials, and per-client limits on size and rate.
 * The fleet itself reads and publishes in-process, without a socket or credentials.
 */
export class EmbeddedBroker implements FleetBus {
  readonly mode = 'embedded';
  private aedes: Aedes | undefined;
  private listeners: Listener[] = [];
  private readonly clients = new WeakMap<Client, ClientContext>();
  private readonly byRoot = new Map<string, Set<Client>>();
  private readonly byClientId = new Map<string, Client>();
  private handler: MessageHandler = () => undefined;
  private readonly deliver = (packet: AedesPublishPacket, done: () => void): void => {
    try {
      this.handler(packet.topic, packet.payload as Buffer, false);
    } finally {
      done();
    }
  };

  constructor(private readonly options: EmbeddedBrokerOptions) {}

  /** The ports actually bound (port 0 in the config picks a free one). */
  ports(): Partial<Record<Transport, number>> {
    return Object.fromEntries(this.listeners.map((l) => [l.transport, l.port]));
  }

  setHandler(handler: MessageHandler): void {
    this.handler = handler;
  }

  async start(): Promise<void> {
    const aedes = await Aedes.createBroker({
      // Rooms publish one small message at a time; a larger queue only hides a stuck subscriber.
      concurrency: 1000,
      authenticate: (client, username, password, done) => this.authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => this.authorizePublish(client, packet, done),
      authorizeSubscribe: (client, sub, done) => this.authorizeSubscribe(client, sub, done),
    });
    this.aedes = aedes;
    aedes.on('clientDisconnect', (client) => this.forget(client));
    aedes.on('clientError', (client, err) => {
      this.options.log.debug({ client: client.id, err: err.message }, 'mqtt client error');
      this.forget(client);
    });
    aedes.on('connectionError', (client, err) => this.options.log.debug({ client: client.id, err: err.message }, 'mqtt connection error'));
    await new Promise<void>((resolve) => aedes.subscribe('sc/v1/#', this.deliver, resolve));
    const handle = (stream: Duplex, req: IncomingMessage | undefined): void => {
      aedes.handle(stream, req);
    };
    const maxPacket = this.options.maxMessageBytes + 1024;
    try {
      for (const spec of this.options.listeners) {
        const l = await listen(spec, handle, maxPacket);
        this.listeners.push(l);
        this.options.log.info({ transport: l.transport, host: spec.host, port: l.port }, 'MQTT listener ready');
      }
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  async stop(): Promise<void> {
    const aedes = this.aedes;
    this.aedes = undefined;
    for (const l of this.listeners.splice(0)) await l.close();
    if (aedes === undefined) return;
    await new Promise<void>((resolve) => aedes.unsubscribe('sc/v1/#', this.deliver, resolve));
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    for (const set of this.byRoot.values()) for (const c of set) this.forget(c);
    this.byRoot.clear();
    this.byClientId.clear();
  }

  publish(topic: string, payload: string | Buffer, options: PublishOptions): Promise<void> {
    const aedes = this.aedes;
    if (aedes === undefined) return Promise.resolve();
    const packet: PublishPacket = { cmd: 'publish', topic, payload: Buffer.from(payload), qos: options.qos, retain: options.retain, dup: false };
    return new Promise((resolve, reject) => aedes.publish(packet, (err) => (err ? reject(err) : resolve())));
  }

  disconnectRoom(root: string): number {
    const set = this.byRoot.get(root);
    if (set === undefined) return 0;
    const n = set.size;
    for (const c of [...set]) c.close();
    return n;
  }

  connectedClients(): number {
    return this.aedes?.connectedClients ?? 0;
  }

  private authenticate(
    client: Client,
    username: string | undefined,
    password: Buffer | undefined,
    done: (error: (Error & { returnCode: 2 | 4 | 5 }) | null, success: boolean | null) => void,
  ): void {
    const m = this.options.metrics;
    if (username === undefined || username === '') {
      m.inc('sc_fleet_mqtt_refused_total', { reason: 'anonymous' });
      done(refusal('anonymous clients are refused', 5), false);
      return;
    }
    const observer = this.options.observer;
    const check =
      observer !== undefined && username === observer.username
        ? verifyRoomPassword(password ?? Buffer.alloc(0), observer.hash).then((ok) => (ok ? '' : undefined))
        : this.options.directory.verify(username, password);
    check.then(
      (root) => {
        if (root === undefined) {
          m.inc('sc_fleet_mqtt_refused_total', { reason: 'credentials' });
          this.options.log.warn({ username, client: client.id }, 'MQTT login refused: wrong user name or password');
          done(refusal('bad user name or password', 4), false);
          return;
        }
        // A client id held by another room cannot be taken over (aedes would drop the holder).
        const holder = this.byClientId.get(client.id);
        const holderRoot = holder === undefined ? undefined : this.clients.get(holder)?.root;
        if (holderRoot !== undefined && holderRoot !== root) {
          m.inc('sc_fleet_mqtt_refused_total', { reason: 'client-id' });
          done(refusal('client id in use by another room', 2), false);
          return;
        }
        this.byClientId.set(client.id, client);
        // A connection taken over by a new one with the same id gets no 'clientDisconnect'.
        client.conn.once('close', () => this.forget(client));
        this.clients.set(client, { root, observer: root === '', username, bucket: new TokenBucket(this.options.maxMessagesPerSecond), timers: new Set(), queuedMs: 0, closed: false });
        let set = this.byRoot.get(root);
        if (set === undefined) this.byRoot.set(root, (set = new Set()));
        set.add(client);
        done(null, true);
      },
      (err: unknown) => {
        this.options.log.error({ err }, 'MQTT credential check failed');
        done(refusal('server error', 5), false);
      },
    );
  }

  private authorizePublish(client: Client | null, packet: PublishPacket, done: (error?: Error | null) => void): void {
    if (client === null) {
      // An old will published after its client is gone: only a room status may be one.
      done(parseRoomTopic(packet.topic)?.kind === 'status' ? null : new Error('not allowed'));
      return;
    }
    const ctx = this.clients.get(client);
    const m = this.options.metrics;
    if (ctx === undefined || ctx.observer || !canRoomPublish(ctx.root, packet.topic)) {
      m.inc('sc_fleet_mqtt_denied_total', { op: 'publish' });
      this.options.log.warn({ room: ctx?.root, topic: packet.topic }, 'MQTT publish outside the room ACL; client disconnected');
      done(new Error(`publish to ${packet.topic} not allowed`));
      return;
    }
    const size = Buffer.isBuffer(packet.payload) ? packet.payload.length : Buffer.byteLength(packet.payload);
    if (size > this.options.maxMessageBytes) {
      m.inc('sc_fleet_mqtt_denied_total', { op: 'size' });
      this.options.log.warn({ room: ctx.root, topic: packet.topic, bytes: size }, 'MQTT message over the size limit; client disconnected');
      done(new Error('message too large'));
      return;
    }
    const wait = ctx.closed ? 0 : ctx.bucket.take();
    if (wait === 0) {
      done(null);
      return;
    }
    m.inc('sc_fleet_mqtt_throttled_total');
    if (ctx.queuedMs + wait > MAX_THROTTLE_MS) {
      this.options.log.warn({ room: ctx.root }, 'MQTT client over its message rate for too long; disconnected');
      done(new Error('message rate exceeded'));
      return;
    }
    ctx.queuedMs += wait;
    const timer = setTimeout(() => {
      ctx.timers.delete(timer);
      ctx.queuedMs -= wait;
      done(null);
    }, wait);
    ctx.timers.add(timer);
  }

  private authorizeSubscribe(client: Client, sub: Subscription, done: (error: Error | null, subscription?: Subscription | null) => void): void {
    const ctx = this.clients.get(client);
    const allowed = ctx !== undefined && (ctx.observer ? sub.topic.startsWith('sc/v1/') : canRoomSubscribe(ctx.root, sub.topic));
    if (allowed) {
      done(null, sub);
      return;
    }
    this.options.metrics.inc('sc_fleet_mqtt_denied_total', { op: 'subscribe' });
    this.options.log.warn({ room: ctx?.root, filter: sub.topic }, 'MQTT subscription outside the room ACL refused');
    // null: a SUBACK failure (0x80) for this filter, the connection stays up.
    done(null, null);
  }

  private forget(client: Client): void {
    const ctx = this.clients.get(client);
    if (ctx === undefined) return;
    ctx.closed = true;
    for (const t of ctx.timers) clearTimeout(t);
    ctx.timers.clear();
    // The context itself stays (a WeakMap entry, gone with the client): aedes authorises the
    // client's will after 'clientError', and a room's "offline" must still get through.
    if (this.byClientId.get(client.id) === client) this.byClientId.delete(client.id);
    const set = this.byRoot.get(ctx.root);
    set?.delete(client);
    if (set?.size === 0) this.byRoot.delete(ctx.root);
  }
}
