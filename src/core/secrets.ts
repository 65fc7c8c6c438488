/**
 * What a secret is, and the one redaction of it. The logger, the config loader, the agent's
 * technician config view, the support bundle and `classroom ctl` all use these, so a new secret
 * field or a new place a secret hides is taught once.
 */

export const REDACTED = '[redacted]';

/**
 * Config fields that hold a secret: in a config file each takes `${env:NAME}` or is given as
 * `<field>_file` (see core/config/resolve.ts); written literally it is an error.
 */
export const CONFIG_SECRET_FIELDS: ReadonlySet<string> = new Set(['password', 'secret', 'token', 'pin', 'cookieSecret']);

/**
 * The last word of a key that marks its value as secret wherever it appears (config, log
 * objects, HTTP headers): `password`, `mqttPassword`, `passwordHash`, `api_key`, `set-cookie`...
 * A `_file` key is a path, not a secret.
 */
const SECRET_WORDS: ReadonlySet<string> = new Set(['password', 'passwd', 'pass', 'secret', 'token', 'key', 'hash', 'pin', 'authorization', 'cookie', 'credentials']);

/** `technicianPasswordHash` -> ['technician', 'password', 'hash']; `set-cookie` -> ['set', 'cookie']. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

export function isSecretKey(key: string): boolean {
  const w = words(key);
  const last = w[w.length - 1];
  return last !== undefined && SECRET_WORDS.has(last);
}

// scheme://user:password@host : the password runs to the last '@' before the path. Quotes end it
// too, so that the pattern also runs safely over a whole JSON line.
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)([^/\s:@?#"]*):([^/\s?#"]*)@/gi;
// ?pin=1234&token=abc : a secret in a query string (PINs and tokens travel there).
const QUERY_SECRET = /([?&;])([\w.-]+)=([^&#\s"']*)/g;
// "pin 1234", "PIN: 4711": a PIN named in running text.
const PIN_TEXT = /\b(pin)(\s*[:=]?\s*)(\d{3,12})\b/gi;

/** The text with credentials in URLs, secret query parameters and PINs replaced by [redacted]. */
export function redactText(text: string): string {
  let out = text;
  if (out.includes('://')) out = out.replace(URL_CREDENTIALS, `$1$2:${REDACTED}@`);
  if (out.includes('=')) out = out.replace(QUERY_SECRET, (whole, sep: string, name: string) => (isSecretKey(name) ? `${sep}${name}=${REDACTED}` : whole));
  if (/pin/i.test(out)) out = out.replace(PIN_TEXT, `$1$2${REDACTED}`);
  return out;
}

/** True when the text holds something redactText would hide (a cheap test for hot paths). */
export function mayHoldSecret(text: string): boolean {
  return text.includes('@') || text.includes('=') || /pin/i.test(text);
}

/**
 * A deep copy with every secret replaced: values of secret keys (strings and numbers; booleans
 * such as `secureCookie` say nothing) become [redacted], and every other string goes through
 * redactText. `depth` bounds the walk (a log object is never deep; a config is at most ~6).
 */
export function redact<T>(value: T, depth = 12): T {
  return walk(value, '', depth) as T;
}

function walk(value: unknown, key: string, depth: number): unknown {
  if (typeof value === 'string') {
    if (key !== '' && isSecretKey(key)) return REDACTED;
    return mayHoldSecret(value) ? redactText(value) : value;
  }
  if (typeof value === 'number') return key !== '' && isSecretKey(key) ? REDACTED : value;
  if (value === null || typeof value !== 'object' || depth <= 0) return value;
  if (Array.isArray(value)) return value.map((v) => walk(v, '', depth - 1));
  if (value instanceof Error || Buffer.isBuffer(value) || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, k, depth - 1);
  return out;
}
