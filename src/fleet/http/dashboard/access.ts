import type { FastifyRequest } from 'fastify';
import { ScError } from '../../../core/errors/index.js';
import { ACTIONS, NOTICES } from '../../../contract/mqtt/index.js';
import { can, canSeeSite, siteOfRoot } from '../../auth/roles.js';
import type { SessionService } from '../../auth/sessions.js';
import type { UserRecord } from '../../store/types.js';
import { SESSION_COOKIE } from '../context.js';
import type { MeDto } from '../../../contract/dashboard.js';

/** Remote actions a person may send from the dashboard (`help` comes only from rooms). */
export const REMOTE_ACTIONS: readonly string[] = ACTIONS.filter((a) => a !== 'help' && !NOTICES.includes(a));

export function seesFn(user: UserRecord): (root: string) => boolean {
  return (root) => canSeeSite(user, siteOfRoot(root));
}

/**
 * Who is signed in and what the dashboard may offer them. The role decides; the server checks
 * again on every request (the guard), this only keeps buttons a role cannot use off the page.
 */
export async function meOf(request: FastifyRequest, sessions: SessionService): Promise<MeDto> {
  const raw = request.cookies[SESSION_COOKIE] ?? '';
  const unsigned = request.unsignCookie(raw);
  const live = unsigned.valid && unsigned.value !== null ? await sessions.lookup(unsigned.value) : undefined;
  if (live === undefined) throw new ScError('SC_ERR_HTTP_UNAUTHORIZED');
  const acts = can(live.user, 'act');
  return {
    username: live.user.username,
    role: live.user.role,
    sites: live.user.sites,
    csrfToken: live.csrfToken,
    actions: acts ? [...REMOTE_ACTIONS] : [],
    canManageAlerts: acts,
  };
}
