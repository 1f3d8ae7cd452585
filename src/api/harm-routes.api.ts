import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services/index.js';
import type { Caller } from '../services/context.js';
import type { HarmRouteTaskView } from '../services/harm-routes.service.js';
import type { Capability } from '../domain/access-policy.js';
import { DomainError, HTTP_STATUS_FOR } from '../domain/errors.js';
import { translator } from '../web/i18n/i18n.js';
import { sendDomainError, sendProblem } from './problem.js';
import { addRoleGate } from './role-gate.js';

const en = translator('en');
const work = { config: { capability: 'case.work' as Capability } };
const read = { config: { capability: 'case.view' as Capability } };
type IdParams = { Params: { id: string } };
type TaskParams = { Params: { id: string; taskId: string } };

/** One task as JSON: what to do in English (the pages have Welsh), who must act, when, and what was recorded. */
export function harmRouteTaskJson(t: HarmRouteTaskView) {
  return {
    id: t.id,
    risk: t.risk,
    task: t.taskId,
    title: en(`harmRoute.task.${t.taskId}.title`),
    what: en(t.what),
    whoMustAct: en(t.who),
    origin: t.origin,
    deadline: t.deadline,
    dueAt: t.dueAt?.toISOString() ?? null,
    dueDate: t.dueDate,
    dueStatus: t.dueStatus,
    referenceKind: t.referenceKind,
    referenceLabel: en(t.referenceLabel),
    sources: t.sources,
    status: t.status,
    createdAt: t.createdAt.toISOString(),
    completedAt: t.completedAt?.toISOString() ?? null,
    completedBy: t.completedByName,
    reference: t.reference,
    consent: t.detail.consent ?? null,
    category: t.detail.category ?? null,
    level: t.detail.level ?? null,
    notes: t.notes,
  };
}

/** Specific harm routes of a case (DOMAIN.md §6.2): list, add, complete a task with its reference. */
export async function harmRouteApiRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const caller = (request: FastifyRequest): Caller => request.apiCaller!;

  addRoleGate(app, services);
  app.setErrorHandler((error, _request, reply) => {
    if (!(error instanceof DomainError)) throw error; // the API's own handler answers the rest
    if (error.code === 'not_permitted' || error.code === 'invalid_state') {
      const title = error.code === 'not_permitted' ? 'You may read this case but not change it' : 'This task is already done';
      return sendProblem(reply, HTTP_STATUS_FOR[error.code], { title, detail: en(error.message), reason: error.message });
    }
    return sendDomainError(reply, error);
  });

  const listOf = async (request: FastifyRequest, id: string) => {
    const r = await services.harmRoutes.forCase(caller(request), id, request.ctx);
    return { caseId: r.caseId, open: r.open.map(harmRouteTaskJson), done: r.done.map(harmRouteTaskJson) };
  };

  app.get<IdParams>('/cases/:id/harm-routes', read, async (request) => listOf(request, request.params.id));

  app.post<IdParams>('/cases/:id/harm-routes', work, async (request, reply) => {
    const result = await services.harmRoutes.addRoutes(caller(request), request.params.id, request.body ?? {}, request.ctx);
    const tasks = await listOf(request, request.params.id);
    return reply.status(result.created > 0 ? 201 : 200).send({ created: result.created, skipped: result.skipped, ...tasks });
  });

  app.post<TaskParams>('/cases/:id/harm-routes/:taskId/complete', work, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    return harmRouteTaskJson(await services.harmRoutes.complete(caller(request), request.params.id, request.params.taskId, body, request.ctx));
  });
}
