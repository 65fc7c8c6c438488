import type { Logger } from 'pino';
import { Backoff } from '../core/backoff.js';
import { EventBus } from '../core/event-bus.js';
import { ScError, messageOf, toScError } from '../core/errors/index.js';
import type { Connection } from './connection.js';
import { FrameAssembler, hex, type Framer } from './framing.js';
import { openSerial } from './serial/connection.js';
import { describeTarget, type Target } from './target.js';
import { openTcp } from './tcp/connection.js';

export type LinkStatus = 'idle' | 'connecting' | 'up' | 'down' | 'closed';

export interface LinkEvents extends Record<string, unknown> {
  up: { target: string };
  down: { reason: string; error: ScError };
  frame: Buffer;
  garbage: Buffer;
}

export interface ReconnectSettings {
  initialMs: number;
  maxMs: number;
}

export interface StreamLinkOptions {
  target: Target;
  /** The device id, used in every error message. */
  device: string;
  log: Logger;
  framer: Framer;
  connectTimeoutMs?: number;
  reconnect?: ReconnectSettings;
  /** Test seam: opens the connection (defaults to serialport or net.Socket by target kind). */
  connect?: (target: Target) => Promise<Connection>;
}

export const DEFAULT_RECONNECT: ReconnectSettings = { initialMs: 500, maxMs: 30_000 };

/**
 * A serial port or TCP socket that stays open: framing on the way in, and after any end
 * (unplug, cable pull, device reboot, EIO on write) a reopen with jittered exponential backoff,
 * forever, until close().
 */
export class StreamLink {
  readonly events: EventBus<LinkEvents>;
  private conn: Connection | undefined;
  private current: LinkStatus = 'idle';
  private readonly assembler: FrameAssembler;
  private readonly backoff: Backoff;
  private retryTimer: NodeJS.Timeout | undefined;
  private attempt: Promise<void> | undefined;
  private lastError: ScError | undefined;
  /** Why the link is not up, as a phrase (not a whole error message, which would nest). */
  private lastReason = 'not connected';
  private upWaiters = new Set<{ resolve: () => void; reject: (err: ScError) => void }>();
  /** Dropped with `hold`: no reopen until open() is called (a refused login, not a dead link). */
  private held = false;

  constructor(private readonly options: StreamLinkOptions) {
    if (options.target.kind !== 'serial' && options.target.kind !== 'tcp') {
      throw new ScError('SC_ERR_TARGET_INVALID', { target: options.target.text, reason: 'a stream link is serial: or tcp://' });
    }
    this.events = new EventBus<LinkEvents>(options.log);
    this.assembler = new FrameAssembler(options.framer);
    this.backoff = new Backoff(options.reconnect ?? DEFAULT_RECONNECT);
  }

  get status(): LinkStatus {
    return this.current;
  }

  /** What the link runs over: which reply-timeout code and hint fit it. */
  get kind(): 'serial' | 'tcp' {
    return this.options.target.kind === 'serial' ? 'serial' : 'tcp';
  }

  get isUp(): boolean {
    return this.current === 'up';
  }

  get target(): string {
    return describeTarget(this.options.target);
  }

  /** The error that brought the link down (or made the last open fail). */
  get error(): ScError | undefined {
    return this.lastError;
  }

  /**
   * Starts the link and waits for the first open. Rejects with the open error (the link keeps
   * retrying in the background, so a later request may find it up).
   */
  async open(): Promise<void> {
    if (this.current === 'closed') throw this.downError('closed');
    if (this.current === 'down' && this.held) {
      this.held = false;
      this.tryOpen();
    }
    if (this.current === 'idle') this.tryOpen();
    if (this.attempt !== undefined) await this.attempt;
    if (this.current !== 'up') throw this.lastError ?? this.downError('not connected');
  }

  /** Resolves when the link is up; rejects after `timeoutMs` with SC_ERR_LINK_DOWN. */
  whenUp(timeoutMs: number): Promise<void> {
    if (this.current === 'up') return Promise.resolve();
    if (this.current === 'idle') this.tryOpen();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err: ScError) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        this.upWaiters.delete(waiter);
        reject(this.downError(this.current === 'down' ? this.lastReason : `not up after ${timeoutMs} ms`));
      }, timeoutMs);
      this.upWaiters.add(waiter);
    });
  }

  async write(data: Buffer): Promise<void> {
    const conn = this.conn;
    if (conn === undefined || this.current !== 'up') throw this.downError(this.current === 'connecting' ? 'still connecting' : this.lastReason);
    this.options.log.trace({ tx: hex(data) }, 'tx');
    try {
      await conn.write(data);
    } catch (err) {
      // EIO on a PTY whose other end died, EPIPE on a reset socket: the link is dead.
      this.lost(conn, `write failed: ${messageOf(err)}`, err);
      throw this.downError(this.lastReason);
    }
  }

  /**
   * Declares the link dead (for example after repeated timeouts) and reopens it with backoff.
   * With `hold` it stays down until open() is called: after a refused login the driver decides
   * when to try again, since every reconnect would be one more wrong password.
   */
  drop(reason: string, options: { hold?: boolean } = {}): void {
    if (this.conn === undefined) return;
    if (options.hold === true) this.held = true;
    this.lost(this.conn, reason);
  }

  /** Down on purpose after drop({ hold: true }), waiting for open(). */
  get isHeld(): boolean {
    return this.held && this.current === 'down';
  }

  async close(): Promise<void> {
    this.current = 'closed';
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.attempt?.catch(() => undefined);
    const conn = this.conn;
    this.conn = undefined;
    for (const w of this.upWaiters) w.reject(this.downError('closed'));
    this.upWaiters.clear();
    await conn?.close();
    this.events.clear();
  }

  private downError(reason: string): ScError {
    return new ScError('SC_ERR_LINK_DOWN', { device: this.options.device, target: this.target, reason });
  }

  private connectFn(): (target: Target) => Promise<Connection> {
    if (this.options.connect !== undefined) return this.options.connect;
    const timeout = this.options.connectTimeoutMs ?? 5000;
    return (target) => {
      if (target.kind === 'serial') return openSerial(target);
      if (target.kind === 'tcp') return openTcp(target, timeout);
      throw new ScError('SC_ERR_TARGET_INVALID', { target: target.text, reason: 'a stream link is serial: or tcp://' });
    };
  }

  private tryOpen(): void {
    if (this.attempt !== undefined || this.current === 'closed') return;
    this.current = 'connecting';
    this.attempt = (async () => {
      try {
        const conn = await this.connectFn()(this.options.target);
        if (this.current === 'closed') {
          await conn.close();
          return;
        }
        this.attach(conn);
      } catch (err) {
        this.lastError = toScError(err);
        this.lastReason = this.lastError.message;
        this.current = 'down';
        this.options.log.debug({ code: this.lastError.code, err: this.lastError.message }, 'link open failed');
        this.scheduleRetry();
      } finally {
        this.attempt = undefined;
      }
    })();
  }

  private attach(conn: Connection): void {
    this.conn = conn;
    this.assembler.reset();
    this.current = 'up';
    this.lastError = undefined;
    this.backoff.reset();
    conn.onData((chunk) => this.receive(chunk));
    conn.onEnd((reason, cause) => this.lost(conn, reason, cause));
    this.options.log.info({ target: this.target }, 'link up');
    for (const w of this.upWaiters) w.resolve();
    this.upWaiters.clear();
    this.events.emit('up', { target: this.target });
  }

  private receive(chunk: Buffer): void {
    this.options.log.trace({ rx: hex(chunk) }, 'rx');
    const { frames, garbage } = this.assembler.push(chunk);
    for (const g of garbage) {
      this.options.log.debug({ garbage: hex(g) }, 'skipped bytes that are not a frame');
      this.events.emit('garbage', g);
    }
    for (const f of frames) this.events.emit('frame', f);
  }

  private lost(conn: Connection, reason: string, cause?: unknown): void {
    if (this.conn !== conn) return;
    this.conn = undefined;
    this.assembler.reset();
    const error = new ScError('SC_ERR_LINK_DOWN', { device: this.options.device, target: this.target, reason }, { cause });
    this.lastError = error;
    this.lastReason = reason;
    void conn.close().catch(() => undefined);
    if (this.current === 'closed') return;
    this.current = 'down';
    this.options.log.warn({ reason }, 'link down');
    this.events.emit('down', { reason, error });
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.current === 'closed' || this.held || this.retryTimer !== undefined) return;
    const delay = this.backoff.next();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.tryOpen();
    }, delay);
    this.retryTimer.unref?.();
  }
}
