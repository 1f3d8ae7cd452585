import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.js';
import { renderPage } from '../pages.js';

/**
 * The local authority's team views: the work tray (every running statutory clock due
 * within a week, overdue first, recent alerts to the senior manager, and emergency access
 * used on the person's cases) and the Child Protection Register (c3pt2-p10).
 */
export async function workRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const config = { config: { auth: true, capability: 'case.work' as const } };

  app.get<{ Querystring: { mine?: string } }>('/work-tray', config, async (request, reply) => {
    const mine = request.query.mine === '1';
    const tray = await services.cases.workTray(request.caller!, request.ctx, { mine });
    return renderPage(views, request, reply, 'pages/work/tray.njk', { ...tray, mine });
  });

  app.get('/register', config, async (request, reply) => {
    const children = await services.cases.register(request.caller!, request.ctx);
    return renderPage(views, request, reply, 'pages/work/register.njk', { children });
  });
}
