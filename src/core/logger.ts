import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { RotatingLogFile, type LogFileSettings } from './log-file.js';

export type { Logger } from 'pino';

/**
 * Keys whose values are secrets wherever they appear in a log object (pino's redact paths
 * are exact, so the common nesting depths are listed).
 */
const SECRET_KEYS = [
  'password',
  'passwd',
  'pass',
  'secret',
  'token',
  'apiKey',
  'key',
  'pin',
  'authorization',
  'cookie',
  'passwordHash',
  'privateKey',
];

export const REDACT_PATHS: string[] = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]).concat([
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
]);

const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@]+):([^/\s@]+)@/gi;

/** Replaces `scheme://user:password@` in a string with `scheme://user:[redacted]@`. */
export function redactUrl(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1$2:[redacted]@');
}

function scrubStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.includes('@') ? redactUrl(value) : value;
  if (depth <= 0 || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubStrings(v, depth - 1);
  return out;
}

export interface LoggerSettings {
  level?: string;
  /** Human-readable lines instead of JSON; defaults to "stdout is a terminal". */
  pretty?: boolean;
  /** Where lines go; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: DestinationStream;
  /** Log to stderr, keeping stdout for a command's own output. */
  toStderr?: boolean;
  /** Log to a size-rotated file instead of stdout (where there is no journald). */
  file?: LogFileSettings;
  name?: string;
}

export function createLogger(settings: LoggerSettings = {}): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    formatters: {
      // Credentials inside URLs (http://user:pass@camera) are not reachable by redact paths.
      log: (obj) => scrubStrings(obj, 3) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a: unknown) => (typeof a === 'string' && a.includes('@') ? redactUrl(a) : a));
        return method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
    ...(settings.name === undefined ? {} : { name: settings.name }),
  };
  if (settings.file !== undefined) return pino(options, new RotatingLogFile(settings.file));
  const stream = settings.toStderr === true ? process.stderr : process.stdout;
  const usePretty = settings.pretty ?? (settings.destination === undefined && stream.isTTY === true);
  if (usePretty) {
    return pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: settings.toStderr === true ? 2 : 1 }));
  }
  if (settings.destination !== undefined) return pino(options, settings.destination);
  return settings.toStderr === true ? pino(options, pino.destination(2)) : pino(options);
}

/** The logger a device driver gets: every line carries the device id and driver. */
export function deviceLogger(parent: Logger, device: string, driver: string): Logger {
  return parent.child({ device, driver });
}

export function componentLogger(parent: Logger, component: string): Logger {
  return parent.child({ component });
}
