import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import type { AdultUserCommandType } from '../../domain/cases/adult-protection.model.js';
import type { CaseView } from '../../services/case.service.js';
import { renderPage, submitForm, type KeptAnswer } from '../pages.js';
import { translator } from '../i18n/i18n.js';
import { text, type FormBody } from '../forms/form-data.js';
import { keptAnswers, readStepForm, slugOf, specOf, stepErrorView, stepFieldViews, type FormValues } from '../forms/case-forms.js';
import {
  ADULT_FORM_SET,
  adultCasePageModel,
  adultChoicesFor,
  adultInitialValues,
  adultPendingConference,
  adultReason,
} from '../forms/adult-case-forms.js';

/** How the case routes refuse a step: 403 for a role that may not take it, 409 for a case not ready for it. */
export type NotAvailable = (request: FastifyRequest, reply: FastifyReply, view: CaseView, reason: string | null, refused?: boolean) => FastifyReply;

/**
 * An adult's case in the browser: the case page and one page per step. The case routes
 * send an adult's case here (the addresses are shared with a child's case); the service
 * decides what may be done, and these handlers only read forms and show its answer.
 */
export function adultCasePages(deps: RouteDeps, notAvailable: NotAvailable) {
  const { views, services } = deps;
  const header = (view: CaseView) => ({ person: view.person, caseId: view.case.id });
  const refuse = (request: FastifyRequest, reply: FastifyReply, view: CaseView, reason: string | null, refused = false) =>
    notAvailable(request, reply, view, adultReason(reason), refused);

  function show(request: FastifyRequest, reply: FastifyReply, view: CaseView) {
    return renderPage(views, request, reply, 'pages/case/adult-show.njk', {
      ...header(view),
      view,
      page: adultCasePageModel(view, translator(request.locale)),
    });
  }

  function stepPage(
    request: FastifyRequest,
    reply: FastifyReply,
    type: AdultUserCommandType,
    view: CaseView,
    form: { values: FormValues; errors?: Readonly<Record<string, string>> | undefined; version: string | number },
    status: number,
  ) {
    const { locale } = request;
    const t = translator(locale);
    const choices = adultChoicesFor(view, t, locale);
    const { errors, errorList } = stepErrorView({ type, set: ADULT_FORM_SET, locale }, form.errors ?? {});
    const fields = stepFieldViews({ type, set: ADULT_FORM_SET, flags: { decidingStrategy: false }, values: form.values, errors, choices, t });
    const pending = adultPendingConference(view);
    return renderPage(views, request, reply, 'pages/case/adult-step.njk', {
      ...header(view),
      view,
      type,
      slug: slugOf(type),
      intro: specOf(ADULT_FORM_SET, type).intro === true,
      fields,
      errorList,
      version: form.version,
      pending: pending ? { ...pending, scheduledFor: new Date(pending.scheduledFor) } : null,
    }, status);
  }

  /** GET a step's page: the form, or why the step cannot be taken now. */
  function step(request: FastifyRequest, reply: FastifyReply, view: CaseView, type: AdultUserCommandType) {
    if (!view.allowed.includes(type)) return refuse(request, reply, view, view.blocked[type] ?? null);
    return stepPage(request, reply, type, view, { values: adultInitialValues(type, view), version: view.case.version }, 200);
  }

  /** POST a step: on to the case page, or the form again with its errors and the answers kept (nothing changed). */
  async function submit(request: FastifyRequest, reply: FastifyReply, id: string, type: AdultUserCommandType) {
    const body = request.body as FormBody;
    const form = readStepForm(type, body, ADULT_FORM_SET);
    const expectedVersion = text(body, 'expectedVersion');
    const kept: KeptAnswer[] = [];
    try {
      return await submitForm(views, request, reply, {
        change: async () => {
          try {
            await services.cases.execute(request.caller!, id, type, { ...form.input, expectedVersion }, request.ctx);
          } catch (e) {
            // The page's own findings (a time that is not real) are more precise than the schema's "required".
            if (e instanceof DomainError && e.code === 'validation') throw new DomainError('validation', e.message, { ...e.fields, ...form.formErrors });
            if (e instanceof DomainError && e.code === 'conflict') {
              const view = await services.cases.get(request.caller!, id, request.ctx);
              const t = translator(request.locale);
              kept.push(...keptAnswers({ type, set: ADULT_FORM_SET, t, locale: request.locale, choices: adultChoicesFor(view, t, request.locale) }, form.values));
            }
            throw e;
          }
        },
        redirectTo: `/cases/${id}`,
        kept,
        showErrors: async (fields) => {
          const view = await services.cases.get(request.caller!, id, request.ctx);
          if (!view.allowed.includes(type)) return refuse(request, reply, view, view.blocked[type] ?? null);
          // The version the form was first shown from, so a change made meanwhile is still caught.
          return stepPage(request, reply, type, view, { values: form.values, errors: fields, version: expectedVersion ?? view.case.version }, 400);
        },
      });
    } catch (e) {
      // A step this person may not take (403), or that the case is not ready for (409): never a 500.
      if (!(e instanceof DomainError) || (e.code !== 'invalid_state' && e.code !== 'not_permitted')) throw e;
      const view = await services.cases.get(request.caller!, id, request.ctx);
      return refuse(request, reply, view, e.message, e.code === 'not_permitted');
    }
  }

  return { show, step, submit };
}
