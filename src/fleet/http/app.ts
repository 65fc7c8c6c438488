import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { ScError, toScError } from '../../core/errors/index.js';
import type { FleetAppDeps } from './context.js';
import { dashboardApi } from './dashboard/plugin.js';
import { guardHook } from './guard.js';
import { adminRoutes } from './routes/admin.js';
import { alertRoutes } from './routes/alerts.js';
import { analyticsRoutes } from './routes/analytics.js';
import { commandRoutes } from './routes/commands.js';
import { liveRoutes } from './routes/live.js';
import { opsRoutes } from './routes/ops.js';
import { roomRoutes } from './routes/rooms.js';
import { sessionRoutes } from './routes/session.js';
import { userRoutes } from './routes/users.js';
import { staticDashboard } from './static-dashboard.js';

function isFastifyError(err: unknown): err is FastifyError {
  return err instanceof Error && 'code' in err && typeof (err as { code: unknown }).code === 'string';
}

/** A route as registered: what the roles matrix test walks through. */
export interface RouteInfo {
  method: string;
  url: string;
  permission: string;
  hasSchema: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    fleetRoutes: RouteInfo[];
  }
}

/** The fleet HTTP API: every route in an encapsulated plugin, with a schema and a permission. */
export async function buildApp(deps: FleetAppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is fastify's logger; the cast only widens its generic level type.
    loggerInstance: deps.log.child({ component: 'http' }) as FastifyBaseLogger,
    // Requests are not logged one by one: failures are, with their code.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 256 * 1024,
    // Strict: a typo in a query string is a 400 naming the field, not silently ignored.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  });
  app.decorateRequest('user', undefined);

  app.setErrorHandler((err: unknown, request, reply) => {
    let error: ScError;
    if (err instanceof ScError) error = err;
    else if (isFastifyError(err) && err.validation !== undefined) error = new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: err.message });
    else if (isFastifyError(err) && typeof err.statusCode === 'number' && err.statusCode < 500) {
      error = new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: err.message });
      return reply.code(err.statusCode).send({ error: error.toJSON() });
    } else {
      error = toScError(err);
      request.log.error({ err }, 'request failed');
    }
    return reply.code(error.status).send({ error: error.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new ScError('SC_ERR_HTTP_NOT_FOUND', { what: `${request.method} ${request.url.split('?')[0] ?? ''}` });
    return reply.code(404).send({ error: error.toJSON() });
  });

  const routes: RouteInfo[] = [];
  app.decorate('fleetRoutes', routes);
  app.addHook('onRoute', (route) => {
    // The swagger UI's own routes are public pages.
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), permission: 'public' };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      // Read when asked: hooks of inner plugins may still set the permission after this one.
      routes.push({
        method,
        url: route.url,
        get permission() {
          return route.config?.permission ?? 'admin';
        },
        hasSchema: route.schema !== undefined,
      });
    }
  });
  await app.register(cookie, { secret: deps.settings.cookieSecret });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => new ScError('SC_ERR_RATE_LIMITED', { seconds: Math.ceil(context.ttl / 1000) }),
  });
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Smart Classroom fleet API', version: deps.settings.version, description: 'Rooms, alerts, analytics, users and remote commands.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sc_session' }, csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' } } },
      security: [{ session: [], csrf: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.addHook('onRequest', guardHook(deps.sessions));

  await app.register(sessionRoutes(deps), { prefix: '/api' });
  await app.register(roomRoutes(deps), { prefix: '/api' });
  await app.register(alertRoutes(deps), { prefix: '/api' });
  await app.register(commandRoutes(deps), { prefix: '/api' });
  await app.register(analyticsRoutes(deps), { prefix: '/api' });
  await app.register(adminRoutes(deps), { prefix: '/api' });
  await app.register(userRoutes(deps), { prefix: '/api' });
  await app.register(liveRoutes(deps), { prefix: '/api' });
  await app.register(opsRoutes(deps));
  await app.register(dashboardApi(deps), { prefix: '/api/dashboard' });
  await app.register(staticDashboard);
  return app;
}
