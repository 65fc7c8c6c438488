import { catalog, type ErrorCode } from './catalog/index.js';
import type { ErrorKind } from './spec.js';

export type ErrorParams = Readonly<Record<string, string | number | boolean | undefined>>;

function render(template: string, params: ErrorParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** An error from the catalog: a stable code, the parameters it was raised with, and a cause. */
export class ScError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly status: number;
  readonly exitCode: 1 | 2;
  readonly hint: string | undefined;
  /** Where the fault lies (see ErrorKind): what a caller decides on, instead of lists of codes. */
  readonly kind: ErrorKind;

  constructor(code: ErrorCode, params: ErrorParams = {}, options: { cause?: unknown } = {}) {
    const spec = catalog[code];
    super(render(spec.message, params), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ScError';
    this.code = code;
    this.params = params;
    this.status = 'status' in spec ? spec.status : 500;
    this.exitCode = 'exit' in spec ? spec.exit : 1;
    this.hint = 'hint' in spec ? render(spec.hint, params) : undefined;
    this.kind = spec.kind;
  }

  /** The wire form used in HTTP replies and MQTT `R/reply` payloads. */
  toJSON(): { code: ErrorCode; message: string; hint?: string } {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

export function isScError(value: unknown, code?: ErrorCode): value is ScError {
  return value instanceof ScError && (code === undefined || value.code === code);
}

/** Wraps anything thrown into an ScError, keeping coded errors as they are. */
export function toScError(value: unknown): ScError {
  if (value instanceof ScError) return value;
  const detail = value instanceof Error ? value.message : String(value);
  return new ScError('SC_ERR_INTERNAL', { detail }, { cause: value });
}

/** The message of anything thrown, without casting it to `any`. */
export function messageOf(value: unknown): string {
  if (value instanceof Error) return value.message;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
