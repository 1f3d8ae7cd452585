import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.js';
import { can } from '../domain/access-policy.js';
import { DomainError } from '../domain/errors.js';

/**
 * The coarse role gate of an API plugin, before the body is read: a route whose
 * `config.capability` the caller's role lacks is refused, audited, and answered exactly
 * like a record that does not exist. The per-record decision stays with the service.
 */
export function addRoleGate(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', async (request) => {
    const capability = request.routeOptions.config.capability;
    const caller = request.apiCaller!;
    if (!capability || can(caller, capability)) return;
    await services.access.refused(caller, request.ctx, request);
    throw new DomainError('not_found', 'error.notFound');
  });
}
