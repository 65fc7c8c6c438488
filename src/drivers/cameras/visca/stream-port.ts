import type { Logger } from 'pino';
import { ScError } from '../../../core/errors/index.js';
import { openChannel, type Channel, type Framer, type Target } from '../../../transports/index.js';
import { decodeReply, scanFrame } from './codec.js';
import { ReplyTracker, type ViscaPort, type ViscaRequest } from './replies.js';

export const viscaFramer: Framer = { name: 'visca', maxFrameBytes: 16, scan: scanFrame };

export interface StreamPortOptions {
  target: Target;
  device: string;
  log: Logger;
  /** Camera number on a serial bus; over TCP replies always come from 90. */
  address: number;
  replyTimeoutMs: number;
  completionTimeoutMs: number;
}

/**
 * Serial (RS-232/RS-422) and raw VISCA over TCP: the byte stream is cut with the resynchronising
 * VISCA scanner, and one request is in flight at a time (the RequestQueue). To the queue's
 * matcher an ACK is "not the reply yet"; the completion or an error in the ACK's socket is.
 * The queue has a single timer per request, so commands get the completion timeout; inquiries
 * (and so the poll that tells online from offline) get the shorter reply timeout.
 */
export class StreamPort implements ViscaPort {
  private channel: Channel | undefined;

  constructor(private readonly options: StreamPortOptions) {}

  get target(): string {
    return this.options.target.text;
  }

  async open(): Promise<void> {
    this.channel ??= openChannel({
      target: this.options.target,
      device: this.options.device,
      log: this.options.log,
      framer: viscaFramer,
      timeoutMs: this.options.replyTimeoutMs,
      reconnect: { initialMs: 500, maxMs: 30_000 },
    });
    await this.channel.link.open();
  }

  async close(): Promise<void> {
    const ch = this.channel;
    this.channel = undefined;
    await ch?.close();
  }

  async exchange(req: ViscaRequest): Promise<Buffer> {
    await this.open().catch(() => undefined);
    const ch = this.channel;
    if (ch === undefined) throw new ScError('SC_ERR_LINK_DOWN', { device: this.options.device, target: this.target, reason: `closed; ${req.command} was not sent` });
    const tracker = new ReplyTracker(req, {
      device: this.options.device,
      ...(this.options.target.kind === 'serial' ? { camera: this.options.address } : {}),
      requireAck: true,
    });
    return ch.queue.request<Buffer>({
      command: req.command,
      bytes: req.bytes,
      // Read when the timer fires, so the message says whether the ACK had come.
      get awaited() {
        return tracker.awaited;
      },
      timeoutMs: req.kind === 'inquiry' ? this.options.replyTimeoutMs : this.options.completionTimeoutMs,
      // Asking again is harmless; sending a move twice is not.
      retries: req.kind === 'inquiry' ? 1 : 0,
      match: (frame) => {
        const step = tracker.accept(decodeReply(frame));
        return step?.kind === 'done' ? step.data : undefined;
      },
    });
  }
}
