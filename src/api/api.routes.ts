import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../services/index.js';
import type { Caller } from '../services/context.js';
import { DomainError } from '../domain/errors.js';
import { can } from '../domain/access-policy.js';
import { requestContextFor } from '../web/request-context.js';
import { concernJson } from './serialise.js';
import { sendDomainError, sendProblem } from './problem.js';
import { openApiDocument } from './openapi.js';
import { caseApiRoutes } from './cases.api.js';
import { allegationApiRoutes } from './allegations.api.js';
import { harmRouteApiRoutes } from './harm-routes.api.js';
import { guidanceApiRoutes } from './guidance.api.js';
import { postCheckApiRoutes } from './post-check.api.js';
import { personSearchApiRoutes } from './person-search.api.js';

declare module 'fastify' {
  interface FastifyRequest {
    apiCaller: Caller | undefined;
  }
}

type IdParams = { Params: { id: string } };

/**
 * The JSON API. Callers authenticate with a bearer token they created for
 * themselves; cookies are ignored here, so cross-site requests carry no authority.
 */
export async function apiRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  app.decorateRequest('apiCaller', undefined);

  app.addHook('onRequest', async (request, reply) => {
    request.ctx = requestContextFor(request);
    // Answers hold personal data: no browser or proxy keeps a copy (the OpenAPI document says otherwise for itself).
    reply.header('cache-control', 'no-store');
    if (request.url === '/api/openapi.json') return;
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const caller = token ? await services.auth.resolveApiToken(token) : undefined;
    if (!caller) {
      reply.header('www-authenticate', 'Bearer');
      return sendProblem(reply, 401, { detail: 'Send a bearer token created at /account/api-tokens.' });
    }
    request.apiCaller = caller;
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof DomainError) return sendDomainError(reply, error);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return sendProblem(reply, status === 413 || status === 415 ? status : 400, { detail: 'The request body could not be read.' });
    }
    request.log.error({ err: error }, 'API request failed');
    return sendProblem(reply, 500);
  });

  const caller = (request: FastifyRequest): Caller => request.apiCaller!;
  const body = (request: FastifyRequest): unknown => request.body ?? {};

  // Case routes share this plugin's bearer authentication and problem+json errors.
  await app.register(caseApiRoutes, { services });
  await app.register(allegationApiRoutes, { services });
  await app.register(harmRouteApiRoutes, { services });
  await app.register(guidanceApiRoutes, { services });
  await app.register(personSearchApiRoutes, { services });
  await app.register(postCheckApiRoutes);

  app.get('/openapi.json', async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(openApiDocument()));

  app.get('/me', async (request) => {
    const c = caller(request);
    return { id: c.userId, name: c.name, email: c.email, role: c.role, organisation: { id: c.organisationId, name: c.organisationNameEn, kind: c.organisationKind } };
  });

  app.get('/local-authorities', async () => {
    const las = await services.concerns.localAuthorities();
    return { items: las.map((la) => ({ id: la.id, name: la.nameEn, nameCy: la.nameCy })) };
  });

  app.post('/concerns', async (request, reply) => {
    const created = await services.concerns.raise(caller(request), body(request), request.ctx);
    return reply.status(201).header('location', `/api/concerns/${created.id}`).send({ ...created, status: created.reportId ? 'reported' : 'awaiting_dsp' });
  });

  app.get<{ Querystring: { queue?: string; status?: string } }>('/concerns', async (request) => {
    const c = caller(request);
    if (request.query.queue === 'triage') {
      if (!can(c, 'concern.triage')) throw new DomainError('not_found', 'error.notFound');
      const status = request.query.status === 'reported' || request.query.status === 'not_reported' ? request.query.status : 'awaiting_dsp';
      const rows = await services.concerns.triageQueue(c, request.ctx, status);
      return { items: rows.map(concernJson) };
    }
    const rows = await services.concerns.listRaisedBy(c, request.ctx);
    return { items: rows.map(concernJson) };
  });

  app.get<IdParams>('/concerns/:id', async (request) => concernJson(await services.concerns.get(caller(request), request.params.id, request.ctx)));

  app.post<IdParams>('/concerns/:id/report', async (request, reply) => {
    const result = await services.concerns.reportToLocalAuthority(caller(request), request.params.id, body(request), request.ctx);
    return reply.status(201).header('location', `/api/reports/${result.reportId}`).send(result);
  });

  app.post<IdParams>('/concerns/:id/no-report', async (request) => {
    await services.concerns.recordNoReport(caller(request), request.params.id, body(request), request.ctx);
    return concernJson(await services.concerns.get(caller(request), request.params.id, request.ctx));
  });

  app.get<IdParams>('/concerns/:id/who-has-seen', async (request) => {
    const { entries } = await services.concerns.whoHasSeen(caller(request), request.params.id, request.ctx);
    return {
      items: entries.map((e) => ({
        occurredAt: e.occurredAt.toISOString(),
        actor: e.actorName ? { name: e.actorName, role: e.actorRole, organisation: e.actorOrganisationEn } : null,
        action: e.action,
        outcome: e.outcome,
        requestId: e.requestId,
      })),
    };
  });

  app.get<{ Querystring: { status?: string } }>('/reports', async (request) => {
    const status = request.query.status === 'decided' ? 'decided' : 'received';
    const rows = await services.reports.incoming(caller(request), request.ctx, status);
    return {
      items: rows.map((r) => ({
        id: r.reportId,
        concernId: r.concernId,
        reference: r.reference,
        subjectKind: r.subjectKind,
        personName: r.personName,
        welshPreferred: r.welshPreferred,
        from: r.organisationNameEn,
        receivedAt: r.receivedAt.toISOString(),
        status: r.status,
        decision: r.decision,
        clock: r.clock && clockJson(r.clock),
      })),
    };
  });

  app.get<IdParams>('/reports/:id', async (request) => {
    const view = await services.reports.get(caller(request), request.params.id, request.ctx);
    return {
      ...concernJson(view.concern),
      clocks: view.clocks.map(clockJson),
      decisionOptions: view.decisionOptions,
    };
  });

  app.post<IdParams>('/reports/:id/decision', async (request, reply: FastifyReply) => {
    await services.reports.recordDecision(caller(request), request.params.id, body(request), request.ctx);
    const view = await services.reports.get(caller(request), request.params.id, request.ctx);
    return reply.send({ ...concernJson(view.concern), clocks: view.clocks.map(clockJson) });
  });
}

function clockJson(c: { ruleId: string; dueAt: Date; dueDate: string; status: string; workingDaysLeft: number; stoppedAt: Date | null }) {
  return {
    rule: c.ruleId,
    dueDate: c.dueDate,
    dueAt: c.dueAt.toISOString(),
    status: c.status,
    workingDaysLeft: c.workingDaysLeft,
    stoppedAt: c.stoppedAt?.toISOString() ?? null,
  };
}
