import type { EventBus } from '../../core/event-bus.js';
import type { Logger } from '../../core/logger.js';
import type { AlertEngine } from '../alerts/engine.js';
import type { Analytics } from '../analytics/analytics.js';
import type { Permission } from '../auth/roles.js';
import type { SessionService } from '../auth/sessions.js';
import type { UserService } from '../auth/users.js';
import type { CommandService } from '../commands/commands.js';
import type { FleetEvents } from '../events.js';
import type { FleetModel } from '../ingest/model.js';
import type { FleetMetrics } from '../metrics.js';
import type { Provisioning } from '../provisioning.js';
import type { FleetStore } from '../store/store.js';
import type { UserRecord } from '../store/types.js';

/** Everything the HTTP API needs, passed to `buildApp` (no module-level state). */
export interface FleetAppDeps {
  store: FleetStore;
  model: FleetModel;
  events: EventBus<FleetEvents>;
  alerts: AlertEngine;
  commands: CommandService;
  provisioning: Provisioning;
  users: UserService;
  sessions: SessionService;
  analytics: Analytics;
  metrics: FleetMetrics;
  log: Logger;
  settings: {
    fleetName: string;
    version: string;
    cookieSecret: string;
    /** Secure cookies (HTTPS); off only when the public URL is plain http. */
    secureCookies: boolean;
    loginAttemptsPerMinute: number;
    /** Interval of keep-alive comments on live streams. */
    liveHeartbeatMs?: number;
  };
  now?: () => number;
}

export const SESSION_COOKIE = 'sc_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: UserRecord | undefined;
  }
  interface FastifyContextConfig {
    /** Who may call the route: `public`, or a permission of the caller's role. Missing = admin. */
    permission?: Permission | 'public';
  }
}
