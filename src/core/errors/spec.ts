/**
 * What an error says about where the fault lies, so that callers act on it without keeping
 * their own lists of codes (the driver base marks a device offline for `link`, backs off for
 * `credentials`, and only records a `refusal`):
 *
 * - `link`: the other side did not answer or went away (unreachable, closed, timed out);
 * - `credentials`: it answered and refused who we are (wrong user or password); retrying soon
 *   only brings a lockout nearer;
 * - `refusal`: it answered and declined this one request (NAK, SOAP fault, HTTP 4xx, busy, a
 *   state that does not allow it); the link is fine;
 * - `reply`: it answered with something unusable (malformed, oversized, a redirect);
 * - `input`: what we were given is wrong (a config field, a command-line argument, an unknown
 *   name); a person must fix it;
 * - `local`: this machine or this process (permissions, disk, a busy port, a missing program, a
 *   stop in progress);
 * - `internal`: a bug.
 */
export const ERROR_KINDS = ['link', 'credentials', 'refusal', 'reply', 'input', 'local', 'internal'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * The shape of one catalog entry. `message` is a template: `{name}` is replaced by the
 * parameter of that name. `hint` is the sentence a technician can act on. `status` is the
 * HTTP status where the error meets HTTP; `exit` is the command-line exit code (1 runtime,
 * 2 usage or configuration).
 */
export interface ErrorSpec {
  readonly message: string;
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly status?: number;
  readonly exit?: 1 | 2;
}

export type ErrorTable = Readonly<Record<`SC_ERR_${string}`, ErrorSpec>>;
