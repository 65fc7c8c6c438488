import { ScError, type ErrorCode, type ErrorParams } from '../core/errors/index.js';
import type { Target } from './target.js';

/**
 * The reply-timeout code of each kind of link: one fact in one place, so that a silent USB
 * keypad or camera web service does not tell the technician to check a null-modem cable.
 * Every one of them has `kind: 'link'`.
 */
export const REPLY_TIMEOUT_CODES = {
  serial: 'SC_ERR_SERIAL_TIMEOUT',
  tcp: 'SC_ERR_TCP_TIMEOUT',
  udp: 'SC_ERR_UDP_TIMEOUT',
  http: 'SC_ERR_HTTP_TIMEOUT',
  hid: 'SC_ERR_HID_TIMEOUT',
} as const satisfies Record<Target['kind'], ErrorCode>;

export type LinkKind = keyof typeof REPLY_TIMEOUT_CODES;

export interface ReplyTimeoutParams extends ErrorParams {
  device: string;
  command: string;
  ms: number;
  awaited: string;
}

/** "No reply to COMMAND within MS (waited for AWAITED)" with the hint of this kind of link. */
export function replyTimeout(link: LinkKind, params: ReplyTimeoutParams): ScError {
  return new ScError(REPLY_TIMEOUT_CODES[link], params);
}

const CODES = new Set<string>(Object.values(REPLY_TIMEOUT_CODES));

/** A reply timeout of any link (which some protocols may resend after). */
export function isReplyTimeout(err: unknown): err is ScError {
  return err instanceof ScError && CODES.has(err.code);
}
