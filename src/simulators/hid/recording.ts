import type { HidDeviceInfo } from '../../transports/hid/types.js';
import type { FakeHidBehaviour } from './fake-device.js';

/**
 * A recorded HID device as data (tests/fixtures/hid/*.json): what it enumerates as, the
 * feature reports it returns, the input reports it sends in answer to output reports, and
 * named input sequences (a key pressed and released). Hex strings may contain spaces.
 */
export interface HidRecording {
  description: string;
  /** Where the byte layout comes from (the protocol notes, a capture). */
  source: string;
  info: HidDeviceInfo;
  /** Input reports are zero-padded to this length, as the device always sends full reports. */
  reportLength?: number;
  featureReports?: Record<string, string>;
  replies?: { write: string; reply: string[] }[];
  sequences?: Record<string, string[]>;
}

export function hexBytes(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(clean)) throw new Error(`not hex bytes: "${text}"`);
  return Buffer.from(clean, 'hex');
}

function pad(buf: Buffer, length: number | undefined): Buffer {
  if (length === undefined || buf.length >= length) return buf;
  return Buffer.concat([buf, Buffer.alloc(length - buf.length)]);
}

/** Checks a parsed fixture so that a typo fails loudly instead of as a silent mismatch. */
export function checkRecording(value: unknown, name: string): HidRecording {
  const rec = value as Partial<HidRecording> | null;
  if (rec === null || typeof rec !== 'object') throw new Error(`${name}: not an object`);
  if (typeof rec.description !== 'string' || typeof rec.source !== 'string') throw new Error(`${name}: description and source are required`);
  const info = rec.info;
  if (info === undefined || typeof info.vendorId !== 'number' || typeof info.productId !== 'number') throw new Error(`${name}: info.vendorId/productId are required`);
  for (const hex of Object.values(rec.featureReports ?? {})) hexBytes(hex);
  for (const r of rec.replies ?? []) [r.write, ...r.reply].forEach(hexBytes);
  for (const seq of Object.values(rec.sequences ?? {})) seq.forEach(hexBytes);
  return rec as HidRecording;
}

/** The input reports of one named sequence, ready to feed to a fake unit. */
export function sequence(rec: HidRecording, name: string): Buffer[] {
  const seq = rec.sequences?.[name];
  if (seq === undefined) throw new Error(`recording "${rec.description}" has no sequence "${name}"`);
  return seq.map((h) => pad(hexBytes(h), rec.reportLength));
}

/** Replays a recording: replies by output-report prefix, feature reports by id. */
export function replayBehaviour(rec: HidRecording): FakeHidBehaviour {
  const replies = (rec.replies ?? []).map((r) => ({ prefix: hexBytes(r.write), reply: r.reply.map((h) => pad(hexBytes(h), rec.reportLength)) }));
  return {
    onWrite(report) {
      const hit = replies.find((r) => report.subarray(0, r.prefix.length).equals(r.prefix));
      return hit === undefined ? [] : hit.reply;
    },
    onGetFeature(reportId, length) {
      const hex = rec.featureReports?.[String(reportId)];
      if (hex === undefined) throw new Error(`feature report ${String(reportId)} not in the recording`);
      return pad(hexBytes(hex), length).subarray(0, length);
    },
  };
}
