import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ScError, isScError, toScError } from '../../core/errors/index.js';

interface ValidationItem {
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `body.args.level` from a schema error, so a 400 names the field a client got wrong. */
function fieldOf(context: string | undefined, item: ValidationItem): string {
  const path = item.instancePath.split('/').filter((s) => s !== '');
  const extra = item.params.missingProperty ?? item.params.additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  return [context ?? 'request', ...path].join('.');
}

function validationError(err: FastifyError): { error: ReturnType<ScError['toJSON']> & { field: string } } {
  const items = (err.validation ?? []) as ValidationItem[];
  const first = items[0];
  const field = first === undefined ? (err.validationContext ?? 'request') : fieldOf(err.validationContext, first);
  let why = first?.message ?? err.message;
  if (first?.params.additionalProperty !== undefined) why = 'is not a known field';
  else if (first?.params.missingProperty !== undefined) why = 'is required';
  const sc = new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: `${field} ${why}` });
  return { error: { ...sc.toJSON(), field } };
}

/** Every error leaves as `{error: {code, message, hint?}}` with the status of its code. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err.validation !== undefined) return reply.code(400).send(validationError(err));
    if (isScError(err)) {
      if (err.status >= 500) request.log.warn({ code: err.code, err: err.message }, 'request failed');
      return reply.code(err.status).send({ error: err.toJSON() });
    }
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      // fastify's own client errors: bad JSON, wrong content type, body too large.
      const sc = new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: err.message });
      return reply.code(status).send({ error: { ...sc.toJSON(), code: status === 429 ? 'SC_ERR_RATE_LIMITED' : sc.code } });
    }
    const internal = toScError(err);
    request.log.error({ err }, 'request crashed');
    return reply.code(500).send({ error: internal.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    const sc = new ScError('SC_ERR_HTTP_NOT_FOUND', { what: `${request.method} ${request.url.split('?')[0] ?? ''}` });
    return reply.code(404).send({ error: sc.toJSON() });
  });
}
