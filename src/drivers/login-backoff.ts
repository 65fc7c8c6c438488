import { ScError } from '../core/errors/index.js';

export interface LoginBackoffSettings {
  /** The hold after the first refusal. */
  firstMs: number;
  /** The longest hold; each refusal in a row doubles the previous one up to this. */
  maxMs: number;
}

/** 10 s, 20 s, 40 s ... up to 10 min: far below any lockout rule of the devices we know (5-10 tries). */
export const DEFAULT_LOGIN_BACKOFF: LoginBackoffSettings = { firstMs: 10_000, maxMs: 600_000 };

/**
 * Refused credentials, counted: after each refusal in a row no login may be tried for a hold
 * that doubles up to `maxMs`; an accepted login ends it. Without jitter, so the schedule a
 * driver reports is the schedule it keeps (one device, one account: no herd to spread out).
 */
export class LoginBackoff {
  private refusals = 0;
  private until = 0;
  private error: ScError | undefined;

  constructor(private readonly settings: LoginBackoffSettings = DEFAULT_LOGIN_BACKOFF) {}

  refused(error: ScError, now: number): { refusals: number; delayMs: number } {
    this.refusals += 1;
    const delayMs = Math.min(this.settings.maxMs, this.settings.firstMs * 2 ** Math.min(this.refusals - 1, 30));
    this.until = now + delayMs;
    this.error = error;
    return { refusals: this.refusals, delayMs };
  }

  accepted(): void {
    this.refusals = 0;
    this.until = 0;
    this.error = undefined;
  }

  /** The hold still running at `now`, if any. */
  hold(now: number): { refusals: number; retryInMs: number } | undefined {
    return now < this.until ? { refusals: this.refusals, retryInMs: this.until - now } : undefined;
  }

  /**
   * The refusal to answer with while the hold runs (nothing is sent to the device): the
   * device's own refusal, saying that this request did not go out.
   */
  heldError(now: number): ScError | undefined {
    const error = this.error;
    if (now >= this.until || error === undefined) return undefined;
    const detail = error.params.detail;
    if (typeof detail !== 'string') return error;
    return new ScError(error.code, { ...error.params, detail: `${detail}; not sent again with the same credentials for ${formatDelay(this.until - now)}` }, { cause: error });
  }
}

/** "800 ms", "20 s", "10 min": a hold as a technician reads it. */
export function formatDelay(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}
