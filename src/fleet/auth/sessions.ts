import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { UserRepo } from '../store/store.js';
import type { UserRecord } from '../store/types.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface LiveSession {
  user: UserRecord;
  csrfToken: string;
  expiresAt: number;
}

/**
 * Dashboard logins. The cookie holds a random id; the store keeps only its hash and the CSRF
 * token that every state-changing request must echo in `x-csrf-token`.
 */
export class SessionService {
  constructor(private readonly ctx: { repo: UserRepo; ttlMs: number; now?: () => number }) {}

  private now(): number {
    return (this.ctx.now ?? Date.now)();
  }

  async create(user: UserRecord): Promise<{ cookie: string; csrfToken: string; expiresAt: number }> {
    const cookie = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + this.ctx.ttlMs;
    await this.ctx.repo.createSession({ idHash: sha256(cookie), userId: user.id, csrfToken, createdAt: this.now(), expiresAt });
    return { cookie, csrfToken, expiresAt };
  }

  async lookup(cookie: string): Promise<LiveSession | undefined> {
    const session = await this.ctx.repo.getSession(sha256(cookie));
    if (session === undefined) return undefined;
    if (session.expiresAt <= this.now()) {
      await this.ctx.repo.deleteSession(session.idHash);
      return undefined;
    }
    const user = await this.ctx.repo.get(session.userId);
    return user === undefined ? undefined : { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  async destroy(cookie: string): Promise<void> {
    await this.ctx.repo.deleteSession(sha256(cookie));
  }

  async purgeExpired(): Promise<number> {
    return this.ctx.repo.deleteSessions({ expiredBefore: this.now() });
  }
}

export function sameToken(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
