import type { RecorderActivity } from '../capabilities.js';

/**
 * The SMP 351 / 300 `I` (overall recording status) reply, in every form the notes document
 * (recorders.md §1.2). The angle brackets are part of the reply, not placeholders:
 *
 * - current firmware, sub-fields for the two destinations:
 *   `<ChA1*ChB3>*<recording>*<internal*N/A>*<116606580*N/A>*<00:00:06>*<824:27:00*00:00:00>`
 * - older firmware, the 7 plain fields: `<ChA1*ChB3>*<stopped>*<internal>*<437342288>*<00:00:00>*<155:40:43>`
 * - either of them with the `Inf*` prefix of verbose modes 2 and 3
 * - the manual's terse layout without brackets and with a numeric status: `1*2*1*internal*1048576*00:10:00*02:00:00`
 *
 * Fields: inputs (A, B), status, destination, free space in KB, time recorded, time remaining;
 * where a field has sub-fields the first one (the primary destination) is read.
 */
export interface OverallStatus {
  activity: RecorderActivity;
  destination: string;
  freeBytes?: number;
  elapsedSeconds?: number;
  remainingSeconds?: number;
}

const WORDS: Readonly<Record<string, RecorderActivity>> = { stopped: 'stopped', recording: 'recording', paused: 'paused', '0': 'stopped', '1': 'recording', '2': 'paused' };

/** `HH:MM:SS` (hours may exceed 99: `824:27:00`) to seconds. */
export function parseHms(text: string | undefined): number | undefined {
  const m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec((text ?? '').trim());
  return m === null ? undefined : Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

function kilobytes(text: string | undefined): number | undefined {
  const m = /^(\d+)/.exec((text ?? '').trim());
  return m === null ? undefined : Number(m[1]) * 1024;
}

/** The fields of the bracketed forms (each `<...>` group split into its sub-fields), or undefined. */
function bracketGroups(body: string): string[][] | undefined {
  if (!/^<[^<>]*>(\*<[^<>]*>)*$/.test(body)) return undefined;
  return [...body.matchAll(/<([^<>]*)>/g)].map((m) => (m[1] ?? '').split('*').map((f) => f.trim()));
}

function build(status: string | undefined, destination: string | undefined, free: string | undefined, recorded: string | undefined, remaining: string | undefined): OverallStatus | undefined {
  const activity = WORDS[(status ?? '').trim().toLowerCase()];
  if (activity === undefined) return undefined;
  const freeBytes = kilobytes(free);
  const elapsedSeconds = parseHms(recorded);
  const remainingSeconds = parseHms(remaining);
  return {
    activity,
    destination: (destination ?? '').trim(),
    ...(freeBytes === undefined ? {} : { freeBytes }),
    ...(elapsedSeconds === undefined ? {} : { elapsedSeconds }),
    ...(remainingSeconds === undefined ? {} : { remainingSeconds }),
  };
}

/** One `I` reply line (without its line end) to the status; undefined when it is in no known form. */
export function parseOverall(line: string): OverallStatus | undefined {
  const body = line.trim().replace(/^Inf\*/, '');
  const groups = bracketGroups(body);
  if (groups !== undefined) {
    // inputs, status, destination(s), free space, time recorded, time remaining
    if (groups.length !== 6) return undefined;
    const [, status, destination, free, recorded, remaining] = groups;
    return build(status?.[0], destination?.[0], free?.[0], recorded?.[0], remaining?.[0]);
  }
  if (body.includes('<') || body.includes('>')) return undefined;
  const parts = body.split('*');
  if (parts.length !== 7) return undefined;
  const [, , status, destination, free, recorded, remaining] = parts;
  return build(status, destination, free, recorded, remaining);
}

/**
 * Lines a unit in verbose mode sends by itself or in answer to other queries: passed over while
 * waiting for the `I` reply. `RecStartNN` (count-down before a recording starts) and
 * `RcdrN1*usbfront` (a USB drive plugged) come from the AVCoders SMP 351 test data (real units).
 */
const OTHER_REPLIES = /^(RcdrY\d|RcdrE\d+|RcdrB|RcdrM\d+\*.*|RcdrN\d\*.*|RecStart\d+|Inf\d+\*.*|Rtmp[A-Z].*|Tke|Vrb\d|Encm.*|DsM.*|[012])$/;

export function isOtherReply(line: string): boolean {
  return line.trim() === '' || OTHER_REPLIES.test(line.trim());
}
