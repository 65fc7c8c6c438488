import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './common.js';

/** Prometheus scrape endpoint. */
export const metricsRoutes: FastifyPluginAsync<RouteOptions> = (app, { deps }) => {
  app.get('/metrics', {
    schema: { summary: 'Prometheus metrics (text format 0.0.4)', tags: ['room'], produces: ['text/plain'], response: { 200: { type: 'string' } } },
    handler: (_request, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(deps.metrics.render()),
  });
  return Promise.resolve();
};
