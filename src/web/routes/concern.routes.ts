import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../app.js';
import { renderPage, submitForm } from '../pages.js';
import { errorViewModel } from '../view.js';
import { text, type FormBody } from '../forms/form-data.js';

type IdParams = { Params: { id: string } };
const TRIAGE_TABS = ['awaiting_dsp', 'reported', 'not_reported'] as const;

/** A concern after it is raised: the reporter's list, the DSP's queue and decision, who has seen it. */
export async function concernRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;

  app.get('/concerns', { config: { auth: true, capability: 'concern.raise' } }, async (request, reply) => {
    const concerns = await services.concerns.listRaisedBy(request.caller!, request.ctx);
    return renderPage(views, request, reply, 'pages/concern/mine.njk', { concerns });
  });

  app.get<{ Querystring: { status?: string } }>('/triage', { config: { auth: true, capability: 'concern.triage' } }, async (request, reply) => {
    const status = TRIAGE_TABS.find((s) => s === request.query.status) ?? 'awaiting_dsp';
    const concerns = await services.concerns.triageQueue(request.caller!, request.ctx, status);
    return renderPage(views, request, reply, 'pages/concern/triage.njk', { concerns, status, tabs: TRIAGE_TABS });
  });

  app.get<IdParams>('/concerns/:id', { config: { auth: true } }, async (request, reply) => {
    const concern = await services.concerns.get(request.caller!, request.params.id, request.ctx);
    const harmRoutes = await services.harmRoutes.forConcern(request.caller!, concern.id, request.ctx);
    return renderPage(views, request, reply, 'pages/concern/show.njk', { concern, harmRoutes });
  });

  app.get<IdParams>('/concerns/:id/report', { config: { auth: true, capability: 'concern.triage' } }, async (request, reply) => {
    const concern = await services.concerns.get(request.caller!, request.params.id, request.ctx);
    if (!concern.permissions.triage) return reply.redirect(`/concerns/${concern.id}`);
    const localAuthorities = await services.concerns.localAuthorities();
    return renderPage(views, request, reply, 'pages/concern/report.njk', { concern, localAuthorities, values: {} });
  });

  app.post<IdParams>('/concerns/:id/report', { config: { auth: true, capability: 'concern.triage' } }, async (request, reply) => {
    const body = request.body as FormBody;
    const input = { localAuthorityId: text(body, 'localAuthorityId'), expectedVersion: text(body, 'expectedVersion') };
    return submitForm(views, request, reply, {
      change: () => services.concerns.reportToLocalAuthority(request.caller!, request.params.id, input, request.ctx),
      redirectTo: `/concerns/${request.params.id}`,
      kept: [],
      showErrors: async (fields) => {
        const concern = await services.concerns.get(request.caller!, request.params.id, request.ctx);
        const localAuthorities = await services.concerns.localAuthorities();
        const data = { concern, localAuthorities, values: input, ...errorViewModel(fields, request.locale) };
        return renderPage(views, request, reply, 'pages/concern/report.njk', data, 400);
      },
    });
  });

  app.get<IdParams>('/concerns/:id/no-report', { config: { auth: true, capability: 'concern.triage' } }, async (request, reply) => {
    const concern = await services.concerns.get(request.caller!, request.params.id, request.ctx);
    if (!concern.permissions.triage) return reply.redirect(`/concerns/${concern.id}`);
    return renderPage(views, request, reply, 'pages/concern/no-report.njk', { concern, values: {} });
  });

  app.post<IdParams>('/concerns/:id/no-report', { config: { auth: true, capability: 'concern.triage' } }, async (request, reply) => {
    const body = request.body as FormBody;
    const input = { reason: text(body, 'reason'), expectedVersion: text(body, 'expectedVersion') };
    return submitForm(views, request, reply, {
      change: () => services.concerns.recordNoReport(request.caller!, request.params.id, input, request.ctx),
      redirectTo: `/concerns/${request.params.id}`,
      kept: [{ label: 'noReport.reason', value: input.reason ?? '' }],
      showErrors: async (fields) => {
        const concern = await services.concerns.get(request.caller!, request.params.id, request.ctx);
        const errors = fields?.reason ? { reason: fields.reason } : fields;
        return renderPage(views, request, reply, 'pages/concern/no-report.njk', { concern, values: input, ...errorViewModel(errors, request.locale) }, 400);
      },
    });
  });

  app.get<IdParams>('/concerns/:id/who-has-seen', { config: { auth: true, capability: 'record.who_has_seen' } }, async (request, reply) => {
    const { concern, entries } = await services.concerns.whoHasSeen(request.caller!, request.params.id, request.ctx);
    return renderPage(views, request, reply, 'pages/concern/who-has-seen.njk', { concern, entries });
  });
}
