import { ScError } from '../../core/errors/index.js';
import type { Framer } from '../../transports/framing.js';
import type { RecorderActivity } from '../capabilities.js';
import { parseHms } from './sis-overall.js';

/**
 * Extron SIS for the SMP 351 / SMP 300 series (recorders.md §1): ASCII commands, `Esc` = 0x1B,
 * commands end with CR, replies end with CR LF. Pure encoders and decoders, plus the framer
 * that also cuts out Telnet IAC sequences and the login prompt (which has no line end).
 */
export const ESC = '\x1b';
export const IAC = 0xff;

export const sis = {
  verbose3: (): Buffer => Buffer.from(`${ESC}3CV\r`, 'latin1'),
  record: (state: 0 | 1 | 2): Buffer => Buffer.from(`${ESC}Y${String(state)}RCDR\r`, 'latin1'),
  recordQuery: (): Buffer => Buffer.from(`${ESC}YRCDR\r`, 'latin1'),
  chapter: (): Buffer => Buffer.from(`${ESC}BRCDR\r`, 'latin1'),
  extend: (minutes: number): Buffer => Buffer.from(`${ESC}E${String(minutes)}RCDR\r`, 'latin1'),
  elapsed: (): Buffer => Buffer.from('35I\r', 'latin1'),
  remaining: (): Buffer => Buffer.from('36I\r', 'latin1'),
  overall: (): Buffer => Buffer.from('I\r', 'latin1'),
  model: (): Buffer => Buffer.from('2I\r', 'latin1'),
  setMetadata: (field: number, value: string): Buffer => Buffer.from(`${ESC}M${String(field)}*${value}RCDR\r`, 'latin1'),
};

/** Metadata fields (SMP 351 manual p.178; companion module polls 13). */
export const META_FIELD = { presenter: 2, title: 13 } as const;

export const ACTIVITY_CODE: Record<0 | 1 | 2, RecorderActivity> = { 0: 'stopped', 1: 'recording', 2: 'paused' };

/**
 * SIS error codes. Meanings are general Extron SIS knowledge (PlaceOS sis/response.cr parses
 * `E` + number), not verified against the SMP 351 manual: shown to people, never relied on.
 */
export const SIS_ERRORS: Readonly<Record<string, string>> = {
  E01: 'invalid input number',
  E10: 'invalid command',
  E11: 'invalid preset number',
  E12: 'invalid port number',
  E13: 'invalid parameter',
  E14: 'not valid for this configuration',
  E17: 'invalid command for this signal type or system timed out',
  E22: 'busy',
  E24: 'privilege violation',
  E25: 'device not present',
  E26: 'maximum connections exceeded',
  E28: 'bad file name or file not found',
};

/** The reply as text without its line end; `undefined` for IAC frames (not protocol text). */
export function lineOf(frame: Buffer): string | undefined {
  if (frame[0] === IAC) return undefined;
  return frame.toString('latin1').replace(/[\r\n]+$/, '').trim();
}

/** `E13` -> the typed refusal for `command`; anything else -> undefined. */
export function sisError(line: string, device: string, command: string): ScError | undefined {
  const m = /^E(\d{2})$/.exec(line);
  if (m === null) return undefined;
  const code = `E${m[1] ?? ''}`;
  return new ScError('SC_ERR_SIS_ERROR', { device, command, code, meaning: SIS_ERRORS[code] ?? 'unknown error code' });
}

/** RcdrY1 (verbose) or a bare 1 (terse) to an activity. */
export function parseRecordState(line: string): RecorderActivity | undefined {
  const m = /^(?:RcdrY)?([012])$/.exec(line);
  if (m === null) return undefined;
  return ACTIVITY_CODE[Number(m[1]) as 0 | 1 | 2];
}

/** `Inf35*00:12:34` (verbose) or `00:12:34` to seconds, for query 35 or 36. */
export function parseInfTime(line: string, query: 35 | 36): number | undefined {
  const m = new RegExp(`^(?:Inf${String(query)}\\*)?(\\d+:\\d\\d:\\d\\d)$`).exec(line);
  return m === null ? undefined : parseHms(m[1] ?? '');
}

export { parseOverall, isOtherReply, parseHms, type OverallStatus } from './sis-overall.js';

/** Metadata values cannot carry the characters that end or escape a SIS command. */
export function cleanMetadata(value: string): string {
  const safe = Array.from(value, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x20 || code === 0x7f || ch === '*' ? ' ' : ch;
  }).join('');
  return safe.trim().slice(0, 127);
}

const PROMPT = /Password:\s*$/;

/**
 * Frames of an SIS stream: CR LF (or LF) ended lines; Telnet IAC sequences as their own
 * frames (3 bytes for WILL/WONT/DO/DONT, up to IAC SE for subnegotiation); and the
 * `Password:` prompt, which ends without a line break. Lone CR/LF are dropped.
 */
export const sisFramer: Framer = {
  name: 'extron-sis',
  maxFrameBytes: 512,
  scan(buf) {
    const first = buf[0] ?? 0;
    if (first === IAC) {
      if (buf.length < 2) return 'more';
      const cmd = buf[1] ?? 0;
      if (cmd >= 0xfb && cmd <= 0xfe) return buf.length < 3 ? 'more' : { frame: 3 };
      if (cmd === 0xfa) {
        const end = buf.indexOf(Buffer.from([IAC, 0xf0]), 2);
        return end === -1 ? (buf.length > 64 ? { skip: 2 } : 'more') : { frame: end + 2 };
      }
      return { skip: 2 };
    }
    if (first === 0x0d || first === 0x0a || first === 0x00) return { skip: 1 };
    const nl = buf.indexOf(0x0a);
    const iac = buf.indexOf(IAC);
    if (iac !== -1 && (nl === -1 || iac < nl)) return { frame: iac };
    if (nl !== -1) return { frame: nl + 1 };
    if (PROMPT.test(buf.toString('latin1'))) return { frame: buf.length };
    return 'more';
  },
};
