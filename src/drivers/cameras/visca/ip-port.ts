import type { Logger } from 'pino';
import { ScError } from '../../../core/errors/index.js';
import { replyTimeout } from '../../../transports/timeouts.js';
import { Mutex } from '../../../core/mutex.js';
import { hex, UdpLink, type Target } from '../../../transports/index.js';
import { PAYLOAD, decodeIp, decodeReply, encodeIpMessage, isMessageError, isSequenceError, resetSequence, scanFrame } from './codec.js';
import { ReplyTracker, type ViscaPort, type ViscaRequest } from './replies.js';

export interface IpPortOptions {
  target: Target;
  device: string;
  log: Logger;
  /** Sony's 8-byte header with sequence numbers; off for cameras that take raw VISCA on UDP. */
  header: boolean;
  replyTimeoutMs: number;
  completionTimeoutMs: number;
  /** Resends of the same datagram when nothing at all came back. */
  retries: number;
}

type Outcome = { kind: 'done'; data: Buffer } | { kind: 'timeout' } | { kind: 'sequence-error' };

/**
 * VISCA over UDP. With the Sony header every message carries a sequence number, replies are
 * matched by it, a `0F 01` control reply (sequence error) makes us send the reset control
 * message and send the command again from sequence 1, and a datagram with no answer at all is
 * sent again unchanged (same sequence number, so the camera can tell a resend from a new command).
 * Without the header replies are matched by ACK socket alone, as on a serial line.
 */
export class IpPort implements ViscaPort {
  private link: UdpLink | undefined;
  private sequence = 0;
  private readonly mutex = new Mutex();
  /** The exchange waiting for replies; datagrams with no taker are logged and dropped. */
  private listener: ((datagram: Buffer) => void) | undefined;

  constructor(private readonly options: IpPortOptions) {}

  get target(): string {
    return this.options.target.text;
  }

  async open(): Promise<void> {
    if (this.link !== undefined) return;
    const link = new UdpLink({ target: this.options.target, device: this.options.device, log: this.options.log });
    await link.open();
    this.link = link;
    link.events.on('message', (datagram) => {
      if (this.listener !== undefined) this.listener(datagram);
      else this.options.log.debug({ rx: hex(datagram) }, 'VISCA datagram with no request waiting');
    });
    // The camera may still expect the sequence of an earlier controller (or of our previous run).
    if (this.options.header) await this.sendReset();
  }

  async close(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    this.listener = undefined;
    await link?.close();
  }

  exchange(req: ViscaRequest): Promise<Buffer> {
    return this.mutex.run(async () => {
      await this.open();
      for (let resets = 0; ; resets += 1) {
        this.sequence = (this.sequence + 1) >>> 0;
        const outcome = await this.attempts(req, this.sequence);
        if (outcome.kind === 'done') return outcome.data;
        // A sequence error: the camera did not run it. One reset; a second error is not ours to fix.
        if (resets >= 1) throw new ScError('SC_ERR_VISCA_SEQUENCE', { device: this.options.device, command: req.command });
        this.options.log.info({ command: req.command, sequence: this.sequence }, 'VISCA sequence error: resetting the sequence number');
        await this.sendReset();
      }
    });
  }

  private async sendReset(): Promise<void> {
    this.sequence = 0;
    await this.requireLink().send(resetSequence());
  }

  private requireLink(): UdpLink {
    if (this.link === undefined) throw new ScError('SC_ERR_LINK_DOWN', { device: this.options.device, target: this.target, reason: 'closed' });
    return this.link;
  }

  /** Sends one message (and resends it after silence) until it completes or is refused. */
  private async attempts(req: ViscaRequest, sequence: number): Promise<Exclude<Outcome, { kind: 'timeout' }>> {
    const datagram = this.options.header ? encodeIpMessage(sequence, req.bytes) : req.bytes;
    const tracker = new ReplyTracker(req, { device: this.options.device, requireAck: !this.options.header });
    for (let attempt = 0; ; attempt += 1) {
      const outcome = await this.waitFor(req, tracker, sequence, datagram);
      if (outcome.kind !== 'timeout') return outcome;
      // After an ACK the command is running: sending it again would run it twice.
      if (tracker.acked || attempt >= this.options.retries) {
        const ms = tracker.acked ? this.options.completionTimeoutMs : this.options.replyTimeoutMs;
        const tries = attempt + 1;
        const socketError = this.link?.error === undefined ? '' : `; last socket error: ${this.link.error}`;
        const seq = this.options.header ? `, sequence ${sequence}` : '';
        throw replyTimeout('udp', {
          device: this.options.device,
          command: req.command,
          ms,
          awaited: `${tracker.awaited}${seq}, sent ${tries} time${tries === 1 ? '' : 's'}${socketError}`,
        });
      }
      this.options.log.debug({ command: req.command, sequence, attempt: attempt + 1 }, 'no VISCA reply, sending the same datagram again');
    }
  }

  private waitFor(req: ViscaRequest, tracker: ReplyTracker, sequence: number, datagram: Buffer): Promise<Outcome> {
    const link = this.requireLink();
    return new Promise<Outcome>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (outcome: Outcome | undefined, err?: unknown): void => {
        clearTimeout(timer);
        this.listener = undefined;
        if (err !== undefined) reject(err);
        else if (outcome !== undefined) resolve(outcome);
      };
      const arm = (ms: number): void => {
        clearTimeout(timer);
        timer = setTimeout(() => finish({ kind: 'timeout' }), ms);
      };
      // Registered before the send: a camera on loopback can answer within the same tick.
      this.listener = (incoming) => {
        try {
          const payloads = this.payloads(incoming, sequence);
          if (payloads === 'message-error') {
            // Nothing more will come for this message: end it now rather than wait for a timeout.
            finish(undefined, new ScError('SC_ERR_VISCA_MESSAGE_ERROR', { device: this.options.device, command: req.command, sequence, bytes: hex(datagram) }));
            return;
          }
          if (payloads === 'sequence-error') {
            finish({ kind: 'sequence-error' });
            return;
          }
          for (const frame of payloads) {
            const step = tracker.accept(decodeReply(frame));
            if (step?.kind === 'ack') arm(this.options.completionTimeoutMs);
            if (step?.kind === 'done') {
              finish({ kind: 'done', data: step.data });
              return;
            }
          }
        } catch (err) {
          finish(undefined, err);
        }
      };
      arm(req.kind === 'command' && tracker.acked ? this.options.completionTimeoutMs : this.options.replyTimeoutMs);
      link.send(datagram).catch((err: unknown) => finish(undefined, err));
    });
  }

  /** The VISCA frames in one datagram that answer `sequence` (header) or all of them (raw). */
  private payloads(datagram: Buffer, sequence: number): Buffer[] | 'sequence-error' | 'message-error' {
    if (this.options.header) {
      const m = decodeIp(datagram);
      if (m === undefined) {
        this.options.log.debug({ rx: hex(datagram) }, 'not a VISCA-over-IP datagram, ignored');
        return [];
      }
      if (isSequenceError(m)) return 'sequence-error';
      // A message error names the sequence it refused (0 from cameras that cannot tell); one for an older message is not ours.
      if (isMessageError(m)) return m.sequence === sequence || m.sequence === 0 ? 'message-error' : [];
      if (m.type !== PAYLOAD.reply) {
        this.options.log.debug({ rx: hex(datagram) }, 'VISCA-over-IP control or other message, ignored');
        return [];
      }
      if (m.sequence !== sequence) {
        this.options.log.debug({ rx: hex(datagram), sequence }, 'VISCA reply for another sequence number, ignored');
        return [];
      }
      return frames(m.payload);
    }
    return frames(datagram);
  }
}

/** Cuts a datagram into VISCA frames, skipping garbage around them. */
function frames(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let rest = bytes;
  while (rest.length > 0) {
    const scan = scanFrame(rest);
    if (scan === 'more') break;
    if ('skip' in scan) rest = rest.subarray(Math.max(1, scan.skip));
    else {
      out.push(rest.subarray(0, scan.frame));
      rest = rest.subarray(scan.frame);
    }
  }
  return out;
}
