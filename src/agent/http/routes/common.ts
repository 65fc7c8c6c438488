import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../events.js';
import type { TechnicianAuth } from '../auth.js';
import type { AppDeps } from '../deps.js';

/** What every route plugin is given. */
export interface RouteOptions {
  deps: AppDeps;
  auth: TechnicianAuth;
}

/** The wall panel speaks for teachers; a logged-in technician is recorded as such. */
export function actorOf(request: FastifyRequest, auth: TechnicianAuth, name?: string): Actor {
  const kind = auth.isTechnician(request) ? 'technician' : 'wall-panel';
  return name === undefined ? { kind } : { kind, name };
}
