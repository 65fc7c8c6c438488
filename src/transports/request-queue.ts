import type { Logger } from 'pino';
import { EventBus } from '../core/event-bus.js';
import { ScError, isScError, messageOf } from '../core/errors/index.js';
import { Mutex } from '../core/mutex.js';
import { hex } from './framing.js';
import type { StreamLink } from './stream-link.js';
import { isReplyTimeout, replyTimeout } from './timeouts.js';

/**
 * What a matcher says about one received frame: `undefined` = not the reply to this request
 * (it is passed on as unsolicited); a value = the reply; throwing an ScError = the device
 * answered but refused (NAK): the request fails with that error and the link stays usable.
 */
export type Matcher<T> = (frame: Buffer) => T | undefined;

export interface Request<T> {
  /** What is being done, for error messages: "power on", "volume query". */
  command: string;
  bytes: Buffer;
  /** What reply is awaited, for the timeout message: "ACK for power (AA FF 01 03 41 11 ..)". */
  awaited: string;
  match: Matcher<T>;
  timeoutMs?: number;
  /** Resends after a timeout (only where the protocol makes a repeat harmless). */
  retries?: number;
}

export interface RequestQueueOptions {
  device: string;
  log: Logger;
  timeoutMs: number;
  /** Quiet time between the end of one exchange and the next write (NEC wants ~120 ms). */
  minGapMs?: number;
  /**
   * After this many timeouts in a row the link is treated as dead and reopened: a PTY or a
   * serial-over-IP converter can swallow writes without any error.
   */
  dropAfterTimeouts?: number;
}

interface Waiter {
  match: (frame: Buffer) => boolean;
}

/**
 * One request in flight per link: requests wait their turn behind a mutex, the reply waiter
 * is registered before the bytes are written (a fast device cannot answer "too early"), and a
 * timeout names the command and what was awaited.
 */
export class RequestQueue {
  readonly events = new EventBus<{ unsolicited: Buffer }>();
  private readonly mutex = new Mutex();
  private waiter: Waiter | undefined;
  private lastExchangeEnd = 0;
  private timeoutsInRow = 0;
  private readonly offFrame: () => void;

  constructor(
    readonly link: StreamLink,
    private readonly options: RequestQueueOptions,
  ) {
    this.offFrame = link.events.on('frame', (frame) => this.onFrame(frame));
  }

  /** Sends a request and resolves with what its matcher made of the reply. */
  request<T>(req: Request<T>): Promise<T> {
    return this.mutex.run(async () => {
      const retries = req.retries ?? 0;
      for (let attempt = 0; ; attempt++) {
        try {
          return await this.exchange(req);
        } catch (err) {
          if (!isReplyTimeout(err) || attempt >= retries) throw err;
          this.options.log.debug({ command: req.command, attempt: attempt + 1 }, 'no reply, sending again');
        }
      }
    });
  }

  /** Writes bytes that get no reply (broadcast IDs, power-on over RS-232 on some panels). */
  send(command: string, bytes: Buffer): Promise<void> {
    return this.mutex.run(async () => {
      await this.pace();
      try {
        await this.link.write(bytes);
      } catch (err) {
        throw notSent(err, command);
      } finally {
        this.lastExchangeEnd = Date.now();
      }
      this.options.log.debug({ command, tx: hex(bytes) }, 'sent without reply');
    });
  }

  /** Callers waiting or running. */
  get pending(): number {
    return this.mutex.pending;
  }

  close(): void {
    this.offFrame();
    this.events.clear();
  }

  private async pace(): Promise<void> {
    const gap = this.options.minGapMs ?? 0;
    const wait = this.lastExchangeEnd + gap - Date.now();
    if (gap > 0 && wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  private async exchange<T>(req: Request<T>): Promise<T> {
    await this.pace();
    const timeoutMs = req.timeoutMs ?? this.options.timeoutMs;
    const { device } = this.options;
    let settled = false;
    let settle!: { resolve: (v: T) => void; reject: (e: unknown) => void };
    const reply = new Promise<T>((resolve, reject) => {
      settle = {
        resolve: (v) => {
          settled = true;
          resolve(v);
        },
        reject: (e) => {
          settled = true;
          reject(e);
        },
      };
    });
    // Observed at once: the timeout can fire while the write is still pending, before `await reply`.
    reply.catch(() => undefined);
    // Registered before the write: the reply may arrive in the same tick as the write callback.
    this.waiter = {
      match: (frame) => {
        if (settled) return false;
        let value: T | undefined;
        try {
          value = req.match(frame);
        } catch (err) {
          settle.reject(isScError(err) ? err : new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device, command: req.command, detail: `${messageOf(err)} (${hex(frame)})` }));
          return true;
        }
        if (value === undefined) return false;
        settle.resolve(value);
        return true;
      },
    };
    const timer = setTimeout(() => {
      settle.reject(replyTimeout(this.link.kind, { device, command: req.command, ms: timeoutMs, awaited: req.awaited }));
    }, timeoutMs);
    const offDown = this.link.events.on('down', ({ reason }) => {
      settle.reject(new ScError('SC_ERR_LINK_CLOSED', { device, awaited: `${req.awaited} to ${req.command} (${reason})` }));
    });
    try {
      this.options.log.debug({ command: req.command, tx: hex(req.bytes) }, 'request');
      try {
        await this.link.write(req.bytes);
      } catch (err) {
        throw notSent(err, req.command);
      }
      const value = await reply;
      this.timeoutsInRow = 0;
      return value;
    } catch (err) {
      if (isReplyTimeout(err)) this.countTimeout(err);
      throw err;
    } finally {
      clearTimeout(timer);
      offDown();
      this.waiter = undefined;
      this.lastExchangeEnd = Date.now();
    }
  }

  private countTimeout(err: ScError): void {
    this.timeoutsInRow += 1;
    const limit = this.options.dropAfterTimeouts ?? 0;
    if (limit > 0 && this.timeoutsInRow >= limit) {
      this.timeoutsInRow = 0;
      this.link.drop(`${limit} replies missed in a row, the last: ${err.message}`);
    }
  }

  private onFrame(frame: Buffer): void {
    if (this.waiter?.match(frame) === true) return;
    this.options.log.debug({ rx: hex(frame) }, 'unsolicited frame');
    this.events.emit('unsolicited', frame);
  }
}

/** A write refused because the link is down: the same error, saying which command was not sent. */
function notSent(err: unknown, command: string): unknown {
  if (!isScError(err, 'SC_ERR_LINK_DOWN')) return err;
  return new ScError('SC_ERR_LINK_DOWN', { ...err.params, reason: `${String(err.params.reason)}; ${command} was not sent` }, { cause: err.cause });
}
