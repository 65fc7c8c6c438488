import type { FastifyReply, FastifyRequest } from 'fastify';
import { ScError } from '../../core/errors/index.js';
import { can, canSeeSite, siteOfRoot } from '../auth/roles.js';
import { sameToken, type SessionService } from '../auth/sessions.js';
import type { UserRecord } from '../store/types.js';
import { SESSION_COOKIE } from './context.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One hook in front of every route: the session cookie, the role's permission declared by the
 * route (`config.permission`; none declared means admin only), and the CSRF token on every
 * request that changes something. Runs before body parsing and validation, so an anonymous
 * caller learns nothing about a route's schema.
 */
export function guardHook(sessions: SessionService) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    // No route matched: let the not-found handler answer.
    if (request.routeOptions.url === undefined) return;
    const permission = request.routeOptions.config.permission ?? 'admin';
    if (permission === 'public') return;
    const raw = request.cookies[SESSION_COOKIE];
    const unsigned = raw === undefined ? undefined : request.unsignCookie(raw);
    const session = unsigned?.valid === true && unsigned.value !== null ? await sessions.lookup(unsigned.value) : undefined;
    if (session === undefined) throw new ScError('SC_ERR_HTTP_UNAUTHORIZED');
    request.user = session.user;
    if (!SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (!sameToken(typeof header === 'string' ? header : undefined, session.csrfToken)) throw new ScError('SC_ERR_FLEET_CSRF');
    }
    if (!can(session.user, permission)) throw new ScError('SC_ERR_HTTP_FORBIDDEN', { action: permissionVerb(permission) });
  };
}

function permissionVerb(permission: string): string {
  return permission === 'act' ? 'act on rooms' : permission === 'admin' ? 'administer users, sites, rooms and credentials' : 'read';
}

export function userOf(request: FastifyRequest): UserRecord {
  if (request.user === undefined) throw new ScError('SC_ERR_HTTP_UNAUTHORIZED');
  return request.user;
}

/** Technicians act only on their sites. */
export function requireSite(request: FastifyRequest, root: string): void {
  const user = userOf(request);
  const site = siteOfRoot(root);
  if (!canSeeSite(user, site)) throw new ScError('SC_ERR_FLEET_SITE_SCOPE', { site });
}

/** The rooms a user may see, or undefined for all. */
export function scopeOf(request: FastifyRequest, allRoots: Iterable<string>): Set<string> | undefined {
  const user = userOf(request);
  if (user.role !== 'technician') return undefined;
  return new Set([...allRoots].filter((r) => canSeeSite(user, siteOfRoot(r))));
}
