import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../services/index.js';
import type { Caller } from '../services/context.js';
import { fieldErrors } from '../services/concern.input.js';
import type { Capability } from '../domain/access-policy.js';
import { DomainError, HTTP_STATUS_FOR } from '../domain/errors.js';
import { RULE_SETTING_DEFINITIONS } from '../domain/rule-settings.js';
import { translator } from '../web/i18n/i18n.js';
import { sendDomainError, sendProblem } from './problem.js';
import { caseJson, caseSummaryJson, chronologyJson, registerJson, rulesJson, stepFromSlug, workTrayJson } from './case-serialise.js';
import { accessChangeFromSlug, accessPanelJson, emergencyAlertsJson, subjectAccessJson } from './case-access-serialise.js';
import { addRoleGate } from './role-gate.js';

/**
 * PUT /api/settings takes typed JSON values, one per setting, checked against each
 * setting's definition; the service then refuses keys it does not know.
 */
export const settingsUpdateSchema = z.object(
  Object.fromEntries(
    RULE_SETTING_DEFINITIONS.map((d) => [
      d.key,
      d.kind === 'boolean'
        ? z.boolean({ error: 'error.setting.boolean' }).optional()
        : z
            .number({ error: 'error.setting.range' })
            .int({ error: 'error.setting.range' })
            .min(d.min ?? 0, { error: 'error.setting.range' })
            .max(d.max ?? Number.MAX_SAFE_INTEGER, { error: 'error.setting.range' })
            .optional(),
    ]),
  ),
  { error: 'error.validation' },
);

/** Problem titles that tell an API client what to do next, for the refusals a case step can meet. */
const CASE_PROBLEMS = {
  conflict: { title: 'The case changed since you read it', detail: 'Read the case again and send its current version as expectedVersion.' },
  invalid_state: { title: 'This step is not allowed at this stage of the case', detail: '' },
  not_permitted: { title: 'Your role may not take this step', detail: '' },
} as const;

const en = translator('en');
const work = { config: { capability: 'case.work' as Capability } };
const read = { config: { capability: 'case.view' as Capability } };
const whoHasSeen = { config: { capability: 'record.who_has_seen' as Capability } };
const viewRules = { config: { capability: 'rules.view' as Capability } };
const manageRules = { config: { capability: 'rules.manage' as Capability } };
type IdParams = { Params: { id: string } };

/** The case API: cases, their steps, chronology, who can see them, the work tray, the register and the rules. */
export async function caseApiRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  const caller = (request: FastifyRequest): Caller => request.apiCaller!;

  addRoleGate(app, services);
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.setErrorHandler((error, _request, reply) => {
    if (!(error instanceof DomainError)) throw error; // the API's own handler answers the rest
    if (error.code === 'conflict' || error.code === 'invalid_state' || error.code === 'not_permitted') {
      // `reason` is the message key of the rule that refused the step (e.g. error.case.noStrategyDue).
      const p = CASE_PROBLEMS[error.code];
      const detail = p.detail || (en(error.message) !== error.message ? en(error.message) : undefined);
      return sendProblem(reply, HTTP_STATUS_FOR[error.code], { title: p.title, ...(detail ? { detail } : {}), reason: error.message });
    }
    return sendDomainError(reply, error);
  });

  app.get('/cases', read, async (request) => ({ items: (await services.cases.list(caller(request), request.ctx)).map(caseSummaryJson) }));

  app.get<IdParams>('/cases/:id', read, async (request) => caseJson(await services.cases.get(caller(request), request.params.id, request.ctx)));

  app.post<{ Params: { id: string; step: string } }>('/cases/:id/steps/:step', work, async (request) => {
    const type = stepFromSlug(request.params.step);
    if (!type) throw new DomainError('not_found', 'error.notFound');
    await services.cases.execute(caller(request), request.params.id, type, request.body ?? {}, request.ctx);
    return caseJson(await services.cases.get(caller(request), request.params.id, request.ctx));
  });

  app.post<IdParams>('/cases/:id/siblings', work, async (request, reply) => {
    const { caseId } = await services.cases.addSibling(caller(request), request.params.id, request.body ?? {}, request.ctx);
    const sibling = caseJson(await services.cases.get(caller(request), caseId, request.ctx));
    return reply.status(201).header('location', `/api/cases/${caseId}`).send(sibling);
  });

  app.get<IdParams & { Querystring: { household?: string } }>('/cases/:id/chronology', read, async (request) => {
    const household = request.query.household === 'true';
    return chronologyJson(await services.cases.chronology(caller(request), request.params.id, request.ctx, { household }));
  });

  // ---- who can see a case (managers), emergency access, the subject access report ----------

  app.get<IdParams>('/cases/:id/access', work, async (request) => accessPanelJson(await services.caseAccess.panel(caller(request), request.params.id, request.ctx)));

  app.post<{ Params: { id: string; change: string } }>('/cases/:id/access/:change', work, async (request, reply) => {
    const type = accessChangeFromSlug(request.params.change);
    if (!type) throw new DomainError('not_found', 'error.notFound');
    await services.caseAccess.change(caller(request), request.params.id, type, request.body ?? {}, request.ctx);
    return reply.status(204).send();
  });

  app.post<IdParams>('/cases/:id/emergency-access', work, async (request, reply) => {
    const result = await services.caseAccess.breakGlass(caller(request), request.params.id, request.body ?? {}, request.ctx);
    if ('alreadyVisible' in result) return reply.status(200).send({ alreadyVisible: true });
    return reply.status(201).header('location', `/api/cases/${request.params.id}`).send({ expiresAt: result.expiresAt.toISOString() });
  });

  app.get<IdParams>('/cases/:id/subject-access-report', whoHasSeen, async (request) =>
    subjectAccessJson(await services.caseAccess.subjectAccessReport(caller(request), request.params.id, request.ctx)),
  );

  app.get<{ Querystring: { mine?: string } }>('/work-tray', work, async (request) => {
    const tray = await services.cases.workTray(caller(request), request.ctx, { mine: request.query.mine === 'true' });
    return { ...workTrayJson(tray), emergencyAccess: emergencyAlertsJson(tray.emergencyAccess) };
  });

  app.get('/register', work, async (request) => registerJson(await services.cases.register(caller(request), request.ctx)));

  app.get('/settings', viewRules, async (request) => rulesJson(await services.rules.overview(caller(request))));

  app.put('/settings', manageRules, async (request) => {
    const parsed = settingsUpdateSchema.safeParse(request.body);
    if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
    // The body as sent, so that a key the rules do not know is refused rather than dropped.
    await services.rules.updateSettings(caller(request), request.body as Record<string, unknown>, request.ctx);
    return rulesJson(await services.rules.overview(caller(request)));
  });

  app.post('/settings/closures', manageRules, async (request, reply) => {
    await services.rules.addClosure(caller(request), request.body ?? {}, request.ctx);
    const date = (request.body as { date: string }).date;
    const closure = rulesJson(await services.rules.overview(caller(request))).closures.find((c) => c.date === date);
    return reply.status(201).header('location', `/api/settings/closures/${date}`).send(closure);
  });

  app.delete<{ Params: { date: string } }>('/settings/closures/:date', manageRules, async (request, reply) => {
    await services.rules.removeClosure(caller(request), request.params.date, request.ctx);
    return reply.status(204).send();
  });
}
