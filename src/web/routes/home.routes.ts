import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.js';
import { can } from '../../domain/access-policy.js';
import { renderPage } from '../pages.js';

export async function homeRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  app.get('/', { config: { auth: true } }, async (request, reply) => {
    const caller = request.caller!;
    return renderPage(deps.views, request, reply, 'pages/home.njk', {
      show: {
        raise: can(caller, 'concern.raise'),
        triage: can(caller, 'concern.triage'),
        incoming: can(caller, 'report.receive'),
      },
    });
  });
}
