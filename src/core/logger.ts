import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { RotatingLogFile, type LogFileSettings } from './log-file.js';
import { mayHoldSecret, redact, redactText } from './secrets.js';

export type { Logger } from 'pino';

/** A log object with every secret hidden (core/secrets.ts), errors included. */
function scrub(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    // Errors are serialized after this hook: their message and stack may hold a URL with a password.
    out[k] = v instanceof Error ? redactError(v) : v;
  }
  return redact(out, 6);
}

function redactError(err: Error): Record<string, unknown> {
  const code = (err as { code?: unknown }).code;
  return { type: err.name, message: redactText(err.message), ...(err.stack === undefined ? {} : { stack: redactText(err.stack) }), ...(typeof code === 'string' ? { code } : {}) };
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
    // One redaction for every line: secret keys at any depth, credentials in URLs, PINs (core/secrets.ts).
    formatters: {
      log: scrub,
      bindings: (bindings) => redact(bindings, 4),
    },
    hooks: {
      // pino does not pass child bindings (logger.child({ target })) through a formatter: the
      // finished line goes through the text redaction as the last step.
      streamWrite: (line) => (mayHoldSecret(line) ? redactText(line) : line),
      logMethod(args, method) {
        const scrubbed = args.map((a: unknown) => (typeof a === 'string' && mayHoldSecret(a) ? redactText(a) : a));
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
