import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScError } from '../../core/errors/index.js';
import { verifyPassword } from '../../core/passwords.js';

export const COOKIE = 'sc_technician';

export interface TechnicianAuthSettings {
  passwordHash?: string;
  ttlMs: number;
  secureCookie: boolean;
  now?: () => number;
}

/** Technician sessions: an opaque random token in an HttpOnly, SameSite=Strict cookie, kept in memory. */
export class TechnicianAuth {
  private readonly sessions = new Map<string, number>();

  constructor(private readonly s: TechnicianAuthSettings) {}

  get enabled(): boolean {
    return this.s.passwordHash !== undefined;
  }

  private now(): number {
    return (this.s.now ?? Date.now)();
  }

  async login(password: string, reply: FastifyReply): Promise<{ expires: number }> {
    if (this.s.passwordHash === undefined) throw new ScError('SC_ERR_LOGIN_DISABLED');
    if (!(await verifyPassword(password, this.s.passwordHash))) throw new ScError('SC_ERR_LOGIN_FAILED');
    this.prune();
    const token = randomBytes(32).toString('base64url');
    const expires = this.now() + this.s.ttlMs;
    this.sessions.set(token, expires);
    void reply.setCookie(COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: this.s.secureCookie, path: '/', maxAge: Math.floor(this.s.ttlMs / 1000) });
    return { expires };
  }

  logout(request: FastifyRequest, reply: FastifyReply): void {
    const token = request.cookies[COOKIE];
    if (token !== undefined) this.sessions.delete(token);
    void reply.clearCookie(COOKIE, { path: '/' });
  }

  isTechnician(request: FastifyRequest): boolean {
    const token = request.cookies[COOKIE];
    if (token === undefined) return false;
    const expires = this.sessions.get(token);
    if (expires === undefined) return false;
    if (expires <= this.now()) {
      this.sessions.delete(token);
      return false;
    }
    return true;
  }

  /** preHandler of technician routes. */
  require = (request: FastifyRequest): Promise<void> => {
    if (!this.isTechnician(request)) return Promise.reject(new ScError('SC_ERR_HTTP_UNAUTHORIZED'));
    return Promise.resolve();
  };

  private prune(): void {
    const now = this.now();
    for (const [token, expires] of this.sessions) if (expires <= now) this.sessions.delete(token);
  }
}
