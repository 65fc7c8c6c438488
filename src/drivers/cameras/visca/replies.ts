import { ScError } from '../../../core/errors/index.js';
import { hex } from '../../../transports/framing.js';
import type { ViscaReply } from './codec.js';

/** One VISCA exchange as the driver asks for it; the port decides how it travels. */
export interface ViscaRequest {
  /** For errors and logs: "power on", "preset recall 3". */
  command: string;
  /** The VISCA message, address byte first, 0xFF last. */
  bytes: Buffer;
  kind: 'command' | 'inquiry';
  /** Data bytes an inquiry answer carries (power 1, zoom 4, pan-tilt 8). */
  replyLength?: number;
}

/** A link to a VISCA camera: serial, raw TCP, or UDP with or without the Sony header. */
export interface ViscaPort {
  readonly target: string;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Resolves with the completion's data (empty for commands) or throws a coded ScError. */
  exchange(req: ViscaRequest): Promise<Buffer>;
}

export interface TrackerOptions {
  device: string;
  /** Camera number replies must come from; undefined over IP, where replies always say 90. */
  camera?: number;
  /**
   * Whether a completion counts only after its ACK. On a byte stream a late completion of an
   * earlier, timed-out command could otherwise be taken for this one; over UDP the sequence
   * number already says whose reply it is, so a lost ACK must not lose the completion.
   */
  requireAck: boolean;
}

export type TrackerStep = { kind: 'ack'; socket: number } | { kind: 'done'; data: Buffer };

/**
 * Follows the replies to one request: ACK (90 4y) names the socket, then the completion
 * (90 5y) or an error (90 6y EE) in that socket finishes it. Errors before any ACK come in
 * socket 0 (syntax error, buffer full). Replies that belong to someone else are `undefined`.
 */
export class ReplyTracker {
  private socket: number | undefined;

  constructor(
    private readonly req: ViscaRequest,
    private readonly options: TrackerOptions,
  ) {}

  get acked(): boolean {
    return this.socket !== undefined;
  }

  /** What is still awaited, for timeout messages. */
  get awaited(): string {
    if (this.req.kind === 'inquiry') return `the inquiry answer (90 50, ${this.req.replyLength ?? 'some'} data byte${this.req.replyLength === 1 ? '' : 's'}, FF) to ${hex(this.req.bytes)}`;
    if (this.socket === undefined) return `ACK (90 4y FF) to ${hex(this.req.bytes)}`;
    return `completion (90 5${this.socket} FF) in socket ${this.socket}; ACK was received`;
  }

  /** Feeds one decoded reply; throws the coded refusal when the camera said no. */
  accept(reply: ViscaReply): TrackerStep | undefined {
    if (reply.kind !== 'ack' && reply.kind !== 'completion' && reply.kind !== 'error') return undefined;
    if (this.options.camera !== undefined && reply.camera !== this.options.camera) return undefined;
    if (reply.kind === 'error') {
      const ours = reply.socket === 0 ? this.socket === undefined || this.req.kind === 'inquiry' : reply.socket === this.socket;
      if (!ours) return undefined;
      throw refusal(this.options.device, this.req, reply.socket, reply.code, reply.meaning);
    }
    if (this.req.kind === 'inquiry') {
      if (reply.kind !== 'completion' || reply.socket !== 0) return undefined;
      if (this.req.replyLength !== undefined && reply.data.length !== this.req.replyLength) return undefined;
      return { kind: 'done', data: reply.data };
    }
    if (reply.kind === 'ack') {
      if (this.socket !== undefined || reply.socket === 0) return undefined;
      this.socket = reply.socket;
      return { kind: 'ack', socket: reply.socket };
    }
    // A command's completion carries no data; one with data is a stray inquiry answer.
    if (reply.data.length > 0 || reply.socket === 0) return undefined;
    if (this.socket === undefined ? this.options.requireAck : reply.socket !== this.socket) return undefined;
    return { kind: 'done', data: reply.data };
  }
}

/** The coded error for `90 6y EE FF`: each refusal its own code, never mistaken for a dead link. */
export function refusal(device: string, req: ViscaRequest, socket: number, code: number, meaning: string): ScError {
  const command = req.command;
  if (code === 0x02) return new ScError('SC_ERR_VISCA_SYNTAX', { device, command, socket, bytes: hex(req.bytes) });
  if (code === 0x03) return new ScError('SC_ERR_VISCA_BUFFER_FULL', { device, command });
  if (code === 0x41) return new ScError('SC_ERR_VISCA_NOT_EXECUTABLE', { device, command, state: 'the camera may be in standby' });
  return new ScError('SC_ERR_VISCA_ERROR', { device, command, code: code.toString(16).toUpperCase().padStart(2, '0'), meaning });
}
