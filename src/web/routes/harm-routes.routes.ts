import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import { ROUTED_RISKS } from '../../domain/harm-routes.js';
import type { CaseView } from '../../services/case.service.js';
import type { HarmRouteTaskView } from '../../services/harm-routes.service.js';
import { notFound, renderPage, submitForm } from '../pages.js';
import { errorViewModel } from '../view.js';
import { list, text, type FormBody } from '../forms/form-data.js';

type IdParams = { Params: { id: string } };
type TaskParams = { Params: { id: string; taskId: string } };

/** The answers of the record-the-reference form, as typed. */
const COMPLETION_FIELDS = ['consent', 'category', 'level', 'reference', 'notes'] as const;

/**
 * Specific harm routes on a case (DOMAIN.md §6.2): add a route, record a task's reference.
 * The case page lists the tasks (they come with the case); the service decides who may
 * change them, and these routes only read forms and show its answer.
 */
export async function harmRouteRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const work = { config: { auth: true, capability: 'case.work' as const } };

  app.get<IdParams>('/cases/:id/harm-routes/new', work, async (request, reply) => {
    const view = await services.cases.get(request.caller!, request.params.id, request.ctx);
    if (view.access !== 'work') return readOnly(request, reply, view);
    return newPage(request, reply, view, [], undefined, 200);
  });

  app.post<IdParams>('/cases/:id/harm-routes/new', work, async (request, reply) => {
    const { id } = request.params;
    const risks = list(request.body as FormBody, 'risks');
    let added = 0;
    return refusals(request, reply, id, () =>
      submitForm(views, request, reply, {
        change: async () => {
          added = (await services.harmRoutes.addRoutes(request.caller!, id, { risks }, request.ctx)).created;
        },
        get redirectTo() {
          return `/cases/${id}?harmRoute=${added > 0 ? 'added' : 'nothingAdded'}`;
        },
        kept: [],
        showErrors: async (fields) => newPage(request, reply, await services.cases.get(request.caller!, id, request.ctx), risks, fields, 400),
      }),
    );
  });

  app.get<TaskParams>('/cases/:id/harm-routes/:taskId', work, async (request, reply) => {
    const view = await services.cases.get(request.caller!, request.params.id, request.ctx);
    if (view.access !== 'work') return readOnly(request, reply, view);
    const task = view.harmRoutes.find((t) => t.id === request.params.taskId);
    if (!task) return notFound(views, request, reply);
    return recordPage(request, reply, view, task, {}, undefined, 200);
  });

  app.post<TaskParams>('/cases/:id/harm-routes/:taskId', work, async (request, reply) => {
    const { id, taskId } = request.params;
    const body = request.body as FormBody;
    const values = Object.fromEntries(COMPLETION_FIELDS.map((f) => [f, text(body, f) ?? ''])) as Record<(typeof COMPLETION_FIELDS)[number], string>;
    return refusals(request, reply, id, () =>
      submitForm(views, request, reply, {
        change: () => services.harmRoutes.complete(request.caller!, id, taskId, values, request.ctx),
        redirectTo: `/cases/${id}?harmRoute=recorded`,
        kept: [],
        showErrors: async (fields) => {
          const view = await services.cases.get(request.caller!, id, request.ctx);
          const task = view.harmRoutes.find((t) => t.id === taskId);
          if (!task) return notFound(views, request, reply);
          return recordPage(request, reply, view, task, values, fields, 400);
        },
      }),
    );
  });

  /** A case this person may only read (403), or a task already done (409): never a 500. */
  async function refusals(request: FastifyRequest, reply: FastifyReply, id: string, run: () => Promise<FastifyReply>) {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code !== 'not_permitted' && e.code !== 'invalid_state')) throw e;
      const view = await services.cases.get(request.caller!, id, request.ctx);
      if (e.code === 'not_permitted') return readOnly(request, reply, view);
      return renderPage(views, request, reply, 'pages/case/blocked.njk', { person: view.person, caseId: view.case.id, view, reason: e.message }, 409);
    }
  }

  function readOnly(request: FastifyRequest, reply: FastifyReply, view: CaseView) {
    return renderPage(views, request, reply, 'pages/case/forbidden.njk', { person: view.person, caseId: view.case.id, view, reason: 'error.case.readOnly' }, 403);
  }

  function newPage(request: FastifyRequest, reply: FastifyReply, view: CaseView, chosen: string[], errors: Readonly<Record<string, string>> | undefined, status: number) {
    const open = new Set(view.harmRoutes.filter((t) => t.status === 'open').map((t) => t.risk));
    return renderPage(views, request, reply, 'pages/case/harm-route-new.njk', {
      person: view.person,
      caseId: view.case.id,
      view,
      risks: ROUTED_RISKS.map((r) => ({ value: r, alreadyOpen: open.has(r) })),
      chosen,
      ...errorViewModel(errors, request.locale),
    }, status);
  }

  function recordPage(
    request: FastifyRequest,
    reply: FastifyReply,
    view: CaseView,
    task: HarmRouteTaskView,
    values: Record<string, string>,
    errors: Readonly<Record<string, string>> | undefined,
    status: number,
  ) {
    // In the order the questions are asked; a question with options is linked by its first option's id.
    const ordered = errors ? Object.fromEntries(COMPLETION_FIELDS.filter((f) => errors[f]).map((f) => [f, errors[f]!])) : undefined;
    return renderPage(views, request, reply, 'pages/case/harm-route-record.njk', {
      person: view.person,
      caseId: view.case.id,
      view,
      task,
      values,
      ...errorViewModel(ordered, request.locale),
    }, status);
  }
}
