import { ScError } from '../core/errors/index.js';
import { redactText } from '../core/secrets.js';

/** A parsed device address: one URL-like syntax for every link (see ARCHITECTURE.md). */
export type Target =
  | {
      kind: 'serial';
      path: string;
      baudRate: number;
      dataBits: 5 | 6 | 7 | 8;
      stopBits: 1 | 1.5 | 2;
      parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
      rtscts: boolean;
      text: string;
    }
  | { kind: 'tcp'; host: string; port: number; text: string }
  | { kind: 'udp'; host: string; port: number; text: string }
  | { kind: 'http'; url: URL; username?: string; password?: string; text: string }
  | { kind: 'hid'; vendorId: number; productId: number; serial?: string; text: string };

function invalid(target: string, reason: string): ScError {
  // The target as typed may carry a password (http://user:pass@host): never repeat it.
  return new ScError('SC_ERR_TARGET_INVALID', { target: redactText(target), reason });
}

function port(text: string, value: string, fallback?: number): number {
  if (value === '' && fallback !== undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw invalid(text, `port "${value}" is not a number from 1 to 65535`);
  return n;
}

const SERIAL_KEYS = new Set(['baud', 'baudRate', 'dataBits', 'stopBits', 'parity', 'rtscts']);

function parseSerial(text: string): Target {
  const rest = text.slice('serial:'.length);
  const [path = '', query = ''] = rest.split('?', 2);
  if (!path.startsWith('/') && !/^COM\d+$/i.test(path)) throw invalid(text, 'the port must be a device path such as /dev/ttyUSB0 (or COM3 on Windows)');
  const params = new URLSearchParams(query);
  for (const key of params.keys()) if (!SERIAL_KEYS.has(key)) throw invalid(text, `unknown serial setting "${key}" (known: baud, dataBits, stopBits, parity, rtscts)`);
  const baudRate = Number(params.get('baud') ?? params.get('baudRate') ?? 9600);
  if (![1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200].includes(baudRate)) throw invalid(text, `baud ${String(baudRate)} is not a standard rate`);
  const dataBits = Number(params.get('dataBits') ?? 8);
  if (dataBits !== 5 && dataBits !== 6 && dataBits !== 7 && dataBits !== 8) throw invalid(text, 'dataBits must be 5, 6, 7 or 8');
  const stopBits = Number(params.get('stopBits') ?? 1);
  if (stopBits !== 1 && stopBits !== 1.5 && stopBits !== 2) throw invalid(text, 'stopBits must be 1, 1.5 or 2');
  const parity = params.get('parity') ?? 'none';
  if (parity !== 'none' && parity !== 'even' && parity !== 'odd' && parity !== 'mark' && parity !== 'space') throw invalid(text, 'parity must be none, even, odd, mark or space');
  const rtscts = params.get('rtscts') === 'true' || params.get('rtscts') === '1';
  return { kind: 'serial', path, baudRate, dataBits, stopBits, parity, rtscts, text };
}

function parseHostPort(text: string, kind: 'tcp' | 'udp'): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(text, `expected ${kind}://host:port`);
  }
  if (url.hostname === '') throw invalid(text, 'the host is missing');
  if (url.port === '') throw invalid(text, `the port is missing (${kind}://host:port)`);
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { kind, host, port: port(text, url.port), text };
}

function parseHttp(text: string): Target {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(text, 'expected http://[user:password@]host[:port]/path');
  }
  if (url.hostname === '') throw invalid(text, 'the host is missing');
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  const password = url.password === '' ? undefined : decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  return {
    kind: 'http',
    url,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    text: url.toString(),
  };
}

function parseHid(text: string): Target {
  const m = /^hid:([0-9a-f]{4}):([0-9a-f]{4})(?:\/(.+))?$/i.exec(text);
  if (m === null) throw invalid(text, 'expected hid:VVVV:PPPP or hid:VVVV:PPPP/SERIAL with hexadecimal vendor and product ids');
  const [, vid = '', pid = '', serial] = m;
  return {
    kind: 'hid',
    vendorId: parseInt(vid, 16),
    productId: parseInt(pid, 16),
    ...(serial === undefined ? {} : { serial }),
    text,
  };
}

export function parseTarget(text: string): Target {
  const t = text.trim();
  if (t.startsWith('serial:')) return parseSerial(t);
  if (t.startsWith('tcp://')) return parseHostPort(t, 'tcp');
  if (t.startsWith('udp://')) return parseHostPort(t, 'udp');
  if (t.startsWith('http://') || t.startsWith('https://')) return parseHttp(t);
  if (t.startsWith('hid:')) return parseHid(t);
  throw invalid(text, 'it must start with serial:, tcp://, udp://, http://, https:// or hid:');
}

/** The target as it may be logged or shown: never with a password. */
export function describeTarget(target: Target): string {
  return target.text;
}
