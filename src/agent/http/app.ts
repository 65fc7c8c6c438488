import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { ScError } from '../../core/errors/index.js';
import { TechnicianAuth } from './auth.js';
import type { AppDeps } from './deps.js';
import { installErrorHandling } from './errors.js';
import { pages } from './pages.js';
import { eventRoutes } from './routes/events.js';
import { metricsRoutes } from './routes/metrics.js';
import { roomRoutes } from './routes/room.js';
import { sceneRoutes } from './routes/scenes.js';
import { sessionRoutes } from './routes/session.js';
import { logLevelRoutes } from './routes/log-level.js';
import { keypadRoutes } from './routes/keypads.js';
import { technicianRoutes } from './routes/technician.js';
import { timetableRoutes } from './routes/timetable.js';
import { ErrorReply } from './schemas.js';

export type { AppDeps } from './deps.js';

/**
 * The agent's local HTTP API. Built without listening, so tests use `inject()`; the agent
 * calls `listen()` on it. `/` and `/technician` are left for the wall panel and technician
 * pages (issue 7).
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = deps.log;
  const app = Fastify({
    loggerInstance: logger,
    // Request lines would drown device events in the technician's log; errors are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    // Unknown fields are refused (400 naming them) rather than silently dropped, and values are
    // taken as sent: "35" is not quietly turned into 35 (or 35 into "35").
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  const auth = new TechnicianAuth({
    ...(deps.auth.passwordHash === undefined ? {} : { passwordHash: deps.auth.passwordHash }),
    ttlMs: deps.auth.sessionTtlMs ?? 8 * 3600_000,
    secureCookie: deps.auth.secureCookie ?? true,
  });
  installErrorHandling(app);
  // A button press may send no body at all: validate it as an empty object, not as a missing one.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {};
    done();
  });
  app.addSchema(ErrorReply);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new ScError('SC_ERR_RATE_LIMITED', { seconds: Math.ceil(context.ttl / 1000) }),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Smart Classroom agent', version: deps.version, description: 'The local API of one classroom: devices, scenes, the session, the timetable and live events.' },
      tags: [
        { name: 'room', description: 'state, health, live events, help' },
        { name: 'devices', description: 'devices and their actions' },
        { name: 'scenes', description: 'scenes' },
        { name: 'session', description: 'start and end the class' },
        { name: 'timetable', description: 'the iCal timetable' },
        { name: 'technician', description: 'functions that need the technician login' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const opts = { deps, auth };
  await app.register(roomRoutes, opts);
  await app.register(sceneRoutes, opts);
  await app.register(sessionRoutes, opts);
  await app.register(timetableRoutes, opts);
  await app.register(eventRoutes, opts);
  await app.register(metricsRoutes, opts);
  await app.register(technicianRoutes, opts);
  await app.register(logLevelRoutes, opts);
  await app.register(keypadRoutes, opts);
  await app.register(pages, opts);
  return app;
}
