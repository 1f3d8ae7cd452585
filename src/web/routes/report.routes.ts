import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import { renderPage, submitForm } from '../pages.js';
import { errorViewModel } from '../view.js';
import { text, type FormBody } from '../forms/form-data.js';

type IdParams = { Params: { id: string } };

/** The local authority's side: incoming reports with their clocks, and the decision on each. */
export async function reportRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const config = { config: { auth: true, capability: 'report.receive' as const } };

  app.get<{ Querystring: { status?: string } }>('/reports', config, async (request, reply) => {
    const status = request.query.status === 'decided' ? 'decided' : 'received';
    const reports = await services.reports.incoming(request.caller!, request.ctx, status);
    const overdue = reports.filter((r) => r.clock?.status === 'overdue').length;
    return renderPage(views, request, reply, 'pages/report/index.njk', { reports, status, overdue });
  });

  app.get<IdParams>('/reports/:id', config, async (request, reply) => {
    const view = await services.reports.get(request.caller!, request.params.id, request.ctx);
    return renderPage(views, request, reply, 'pages/report/show.njk', { ...view, values: {} });
  });

  app.post<IdParams>('/reports/:id/decision', config, async (request, reply) => {
    const body = request.body as FormBody;
    const input = {
      decision: text(body, 'decision'),
      rationale: text(body, 'rationale'),
      crimeSuspected: text(body, 'crimeSuspected'),
      expectedVersion: text(body, 'expectedVersion'),
    };
    try {
      return await submitForm(views, request, reply, {
        change: () => services.reports.recordDecision(request.caller!, request.params.id, input, request.ctx),
        redirectTo: `/reports/${request.params.id}`,
        kept: [
          { label: 'report.show.decision', value: input.decision ? `decision.${input.decision}` : '', translate: true },
          { label: 'report.show.rationale', value: input.rationale ?? '' },
          {
            label: 'report.show.crimeSuspected',
            value: input.crimeSuspected === 'yes' || input.crimeSuspected === 'no' ? `report.show.crimeSuspected.${input.crimeSuspected}` : '',
            translate: true,
          },
        ],
        showErrors: async (fields) => {
          const view = await services.reports.get(request.caller!, request.params.id, request.ctx);
          return renderPage(views, request, reply, 'pages/report/show.njk', { ...view, values: input, ...errorViewModel(fields, request.locale) }, 400);
        },
      });
    } catch (e) {
      // An adult's decision follows the initial checks on the case: say why instead of failing.
      if (!(e instanceof DomainError) || e.code !== 'invalid_state') throw e;
      const view = await services.reports.get(request.caller!, request.params.id, request.ctx);
      return renderPage(views, request, reply, 'pages/report/show.njk', { ...view, values: input, ...errorViewModel({ decision: e.message }, request.locale) }, 409);
    }
  });
}
