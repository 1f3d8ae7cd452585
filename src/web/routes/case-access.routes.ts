import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import { isUuid } from '../../domain/ids.js';
import { BREAK_GLASS_MINUTES } from '../../domain/access-policy.js';
import { ACCESS_CHANGES, type AccessChange } from '../../services/case-access.service.js';
import { notFound, renderPage, submitForm } from '../pages.js';
import { errorViewModel } from '../view.js';
import { translator } from '../i18n/i18n.js';
import { text, type FormBody } from '../forms/form-data.js';
import {
  accessChangeOfSlug,
  accessErrorView,
  accessPageModel,
  accessSlugOf,
  readAccessForm,
  subjectAccessRows,
  type AccessFormValues,
} from '../forms/case-access-page.js';

type IdParams = { Params: { id: string } };
type ChangeParams = { Params: { id: string; change: string } };

/**
 * Who can see a case (DESIGN.md, Access), in the browser: the managers' page of members,
 * restriction, hidden address and emergency access used; emergency access itself; and the
 * subject access report. The service decides every case: a case out of scope answers as
 * one that does not exist, and the emergency-access form is the same for both, so nothing
 * says whether a case exists before a reason is given.
 */
export async function caseAccessRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const work = { config: { auth: true, capability: 'case.work' as const } };
  const whoHasSeen = { config: { auth: true, capability: 'record.who_has_seen' as const } };

  // ---- who can see this case --------------------------------------------------------------

  app.get<IdParams & { Querystring: { done?: string } }>('/cases/:id/access', work, async (request, reply) => {
    const done = ACCESS_CHANGES.find((c) => accessSlugOf(c) === request.query.done);
    return withRefusals(request, reply, request.params.id, () => accessPage(request, reply, request.params.id, { done }, 200));
  });

  app.post<ChangeParams>('/cases/:id/access/:change', work, async (request, reply) => {
    const type = accessChangeOfSlug(request.params.change);
    if (!type) return notFound(views, request, reply);
    const { id } = request.params;
    const form = readAccessForm(type, request.body as FormBody);
    return withRefusals(request, reply, id, () =>
      submitForm(views, request, reply, {
        change: () => services.caseAccess.change(request.caller!, id, type, form.input, request.ctx),
        redirectTo: `/cases/${id}/access?done=${accessSlugOf(type)}`,
        kept: [],
        showErrors: (fields) => accessPage(request, reply, id, { failed: { type, values: form.values, fields } }, 400),
      }),
    );
  });

  async function accessPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state: { done?: AccessChange | undefined; failed?: { type: AccessChange; values: AccessFormValues; fields: Readonly<Record<string, string>> | undefined } },
    status: number,
  ) {
    const { locale } = request;
    const t = translator(locale);
    const panel = await services.caseAccess.panel(request.caller!, id, request.ctx);
    const view = await services.cases.get(request.caller!, id, request.ctx);
    const failed = state.failed;
    return renderPage(views, request, reply, 'pages/case/access.njk', {
      person: view.person,
      caseId: view.case.id,
      view,
      page: accessPageModel(panel, t, locale),
      done: state.done,
      // The answers of the form that was sent, beside its errors; the other forms start empty.
      failedType: failed?.type,
      values: failed?.values ?? {},
      ...(failed ? accessErrorView(failed.type, failed.fields, locale) : { errors: {}, errorList: [] }),
    }, status);
  }

  /** Someone who may see the case but not manage who sees it (403), or a change the case is not ready for (409). */
  async function withRefusals(request: FastifyRequest, reply: FastifyReply, id: string, run: () => Promise<FastifyReply>) {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code !== 'not_permitted' && e.code !== 'invalid_state')) throw e;
      const view = await services.cases.get(request.caller!, id, request.ctx);
      const forbidden = e.code === 'not_permitted';
      return renderPage(
        views,
        request,
        reply,
        forbidden ? 'pages/case/forbidden.njk' : 'pages/case/blocked.njk',
        { person: view.person, caseId: view.case.id, view, reason: e.message },
        forbidden ? 403 : 409,
      );
    }
  }

  // ---- emergency ("break-glass") access -------------------------------------------------------

  // The form asks nothing of the database: it reads the same for every id, whether or not a case has it.
  app.get<IdParams>('/cases/:id/emergency-access', work, async (request, reply) => {
    if (!isUuid(request.params.id)) return notFound(views, request, reply);
    return emergencyAccessPage(request, reply, request.params.id, '', undefined, 200);
  });

  app.post<IdParams>('/cases/:id/emergency-access', work, async (request, reply) => {
    const { id } = request.params;
    const reason = text(request.body as FormBody, 'reason');
    try {
      await services.caseAccess.breakGlass(request.caller!, id, { reason }, request.ctx);
      // Granted now, or already visible: either way the case opens.
      return reply.redirect(`/cases/${id}`, 303);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.code === 'validation') return emergencyAccessPage(request, reply, id, reason ?? '', e.fields, 400);
      // A reason was given for a case that does not exist: there is nothing to offer access to.
      if (e.code === 'not_found') return notFound(views, request, reply, { offerEmergencyAccess: false });
      throw e;
    }
  });

  function emergencyAccessPage(
    request: FastifyRequest,
    reply: FastifyReply,
    caseId: string,
    reason: string,
    errors: Readonly<Record<string, string>> | undefined,
    status: number,
  ) {
    return renderPage(views, request, reply, 'pages/case/emergency-access.njk', {
      caseId,
      reason,
      minutes: BREAK_GLASS_MINUTES,
      ...errorViewModel(errors ? { ...errors } : undefined, request.locale),
    }, status);
  }

  // ---- subject access report ---------------------------------------------------------------

  app.get<IdParams>('/cases/:id/subject-access-report', whoHasSeen, async (request, reply) => {
    const { id } = request.params;
    return withRefusals(request, reply, id, async () => {
      const report = await services.caseAccess.subjectAccessReport(request.caller!, id, request.ctx);
      const view = await services.cases.get(request.caller!, id, request.ctx);
      return renderPage(views, request, reply, 'pages/case/subject-access-report.njk', {
        person: view.person,
        caseId: view.case.id,
        view,
        rows: subjectAccessRows(report, translator(request.locale), request.locale),
        producedAt: report.producedAt,
      });
    });
  });
}
