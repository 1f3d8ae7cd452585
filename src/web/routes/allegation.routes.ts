import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import type { AllegationStepType } from '../../domain/cases/allegation.model.js';
import type { AllegationView } from '../../services/allegation.service.js';
import { notFound, renderPage, submitForm, type KeptAnswer } from '../pages.js';
import { CATALOGUES, translator, type Translate } from '../i18n/i18n.js';
import { text, type FormBody } from '../forms/form-data.js';
import type { FormValues } from '../forms/case-forms.js';
import {
  ALLEGATION_FORMS,
  allegationErrorView,
  allegationFieldViews,
  allegationKeptAnswers,
  allegationSlugOf,
  allegationStepOfSlug,
  mergeAllegationErrors,
  readAllegationForm,
  type AllegationChoices,
} from '../forms/allegation-forms.js';
import { allegationPageModel } from '../forms/allegation-page.js';

type IdParams = { Params: { id: string } };
type StepParams = { Params: { id: string; step: string }; Querystring: { member?: string } };

/**
 * Allegations about practitioners (Section 5) in the browser: the list, the notification,
 * the allegation's page and one page per step. Who may see an allegation is the service's
 * decision alone: for anyone outside it these pages answer exactly as for an allegation
 * that does not exist. The routes read forms, call the service and show its answer.
 */
export async function allegationRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const config = { config: { auth: true } };

  app.get('/allegations', config, async (request, reply) => {
    const allegations = await services.allegations.list(request.caller!, request.ctx);
    return renderPage(views, request, reply, 'pages/allegation/index.njk', { allegations, canOpen: services.allegations.canOpen(request.caller!) });
  });

  // ---- the notification ----------------------------------------------------------------

  app.get('/allegations/new', config, async (request, reply) => {
    if (!services.allegations.canOpen(request.caller!)) return notFound(views, request, reply);
    return notificationPage(request, reply, {}, {}, 200);
  });

  app.post('/allegations/new', config, async (request, reply) => {
    const form = readAllegationForm('open_allegation', request.body as FormBody);
    try {
      const { id } = await services.allegations.open(request.caller!, form.input, request.ctx);
      return reply.redirect(`/allegations/${id}`, 303);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== 'validation') throw e;
      return notificationPage(request, reply, form.values, mergeAllegationErrors('open_allegation', e.fields, form.formErrors), 400);
    }
  });

  function notificationPage(request: FastifyRequest, reply: FastifyReply, values: FormValues, errors: Record<string, string>, status: number) {
    const t = translator(request.locale);
    const { errors: messages, errorList } = allegationErrorView('open_allegation', request.locale, errors);
    return renderPage(views, request, reply, 'pages/allegation/form.njk', {
      type: 'open_allegation',
      title: t('allegation.new.title'),
      intro: t('allegation.new.intro'),
      submit: t('allegation.new.submit'),
      action: '/allegations/new',
      back: '/allegations',
      fields: allegationFieldViews({ type: 'open_allegation', values, errors: messages, choices: {}, t }),
      errorList,
    }, status);
  }

  // ---- the allegation ------------------------------------------------------------------

  app.get<IdParams>('/allegations/:id', config, async (request, reply) => {
    const view = await services.allegations.get(request.caller!, request.params.id, request.ctx);
    return renderPage(views, request, reply, 'pages/allegation/show.njk', {
      view,
      subject: view.state.subject,
      allegationId: view.allegation.id,
      page: allegationPageModel(view, translator(request.locale)),
    });
  });

  app.get<IdParams>('/allegations/:id/who-has-seen', config, async (request, reply) => {
    const { allegation, entries } = await services.allegations.whoHasSeen(request.caller!, request.params.id, request.ctx);
    return renderPage(views, request, reply, 'pages/allegation/who-has-seen.njk', { allegationId: allegation.id, subjectName: allegation.subjectName, entries });
  });

  // ---- one page per step ---------------------------------------------------------------

  app.get<StepParams>('/allegations/:id/steps/:step', config, async (request, reply) => {
    const type = allegationStepOfSlug(request.params.step);
    if (!type) return notFound(views, request, reply);
    const view = await services.allegations.get(request.caller!, request.params.id, request.ctx);
    if (!view.allowed.includes(type)) return notAvailable(request, reply, view, view.blocked[type] ?? null);
    return stepPage(request, reply, type, view, { values: initialValues(request, type, view), version: view.allegation.version }, 200);
  });

  app.post<StepParams>('/allegations/:id/steps/:step', config, async (request, reply) => {
    const type = allegationStepOfSlug(request.params.step);
    if (!type) return notFound(views, request, reply);
    const { id } = request.params;
    const body = request.body as FormBody;
    const form = readAllegationForm(type, body);
    const expectedVersion = text(body, 'expectedVersion');
    // Filled in only if the allegation changed meanwhile, before submitForm shows the conflict page.
    const kept: KeptAnswer[] = [];
    try {
      return await submitForm(views, request, reply, {
        change: async () => {
          try {
            await services.allegations.execute(request.caller!, id, type, { ...form.input, expectedVersion }, request.ctx);
          } catch (e) {
            if (e instanceof DomainError && e.code === 'validation') {
              throw new DomainError('validation', e.message, mergeAllegationErrors(type, e.fields, form.formErrors));
            }
            if (e instanceof DomainError && e.code === 'conflict') {
              const view = await services.allegations.get(request.caller!, id, request.ctx);
              const t = translator(request.locale);
              kept.push(...allegationKeptAnswers(type, form.values, { t, locale: request.locale, choices: await choicesFor(request, type, view, t) }));
            }
            throw e;
          }
        },
        redirectTo: `/allegations/${id}`,
        kept,
        showErrors: async (fields) => {
          const view = await services.allegations.get(request.caller!, id, request.ctx);
          if (!view.allowed.includes(type)) return notAvailable(request, reply, view, view.blocked[type] ?? null);
          // The version the form was first shown from, so a change made meanwhile is still caught.
          return stepPage(request, reply, type, view, { values: form.values, errors: fields, version: expectedVersion ?? view.allegation.version }, 400);
        },
      });
    } catch (e) {
      // A step this person may not take (403), or that the allegation is not ready for (409): never a 500.
      if (!(e instanceof DomainError) || (e.code !== 'invalid_state' && e.code !== 'not_permitted')) throw e;
      const view = await services.allegations.get(request.caller!, id, request.ctx);
      return notAvailable(request, reply, view, e.message, e.code === 'not_permitted');
    }
  });

  function notAvailable(request: FastifyRequest, reply: FastifyReply, view: AllegationView, reason: string | null, refused = false) {
    const forbidden = refused || reason === 'error.case.role';
    const key = reason ?? 'error.case.role';
    return renderPage(
      views,
      request,
      reply,
      'pages/allegation/blocked.njk',
      {
        forbidden,
        allegationId: view.allegation.id,
        subject: view.state.subject,
        // Some reasons are shared with cases; the allegation's own wording is used where there is one.
        reason: `${key}.allegation` in CATALOGUES.en ? `${key}.allegation` : key,
      },
      forbidden ? 403 : 409,
    );
  }

  /** The options of the choices a step offers: the people added, the open referrals, the cases this person may link. */
  async function choicesFor(request: FastifyRequest, type: AllegationStepType, view: AllegationView, t: Translate): Promise<AllegationChoices> {
    const locale = request.locale;
    const org = (en: string, cy: string) => (locale === 'cy' && cy ? cy : en);
    let cases: Awaited<ReturnType<typeof services.cases.list>> = [];
    if (type === 'link_case' && view.allowed.includes('link_case')) {
      try {
        cases = await services.cases.list(request.caller!, request.ctx);
      } catch (e) {
        // Someone who works on no cases has none to link.
        if (!(e instanceof DomainError && e.code === 'not_found')) throw e;
      }
    }
    return {
      member: view.members.map((m) => ({ value: m.id, text: `${m.name} (${m.email})`, hint: org(m.organisationNameEn, m.organisationNameCy) })),
      openReferral: Object.entries(view.state.referrals)
        .filter(([, r]) => !r.completedOn)
        .map(([rid, r]) => ({
          value: rid,
          text: r.body === 'other_regulator' && r.bodyName ? r.bodyName : t(`allegation.referralBody.${r.body}`),
          hint: t('allegation.referrals.by', { who: t(`allegation.responsible.${r.responsible}`) }),
        })),
      case: cases
        .filter((c) => !view.state.linkedCases.includes(c.id))
        .map((c) => ({ value: c.id, text: `${c.personName} (${t(`case.kind.${c.kind}`)}, ${t(`case.stage.${c.stage}`)})` })),
    };
  }

  /** What a step's form starts with: the person chosen beside their name, the tracks as they stand, the officer present. */
  function initialValues(request: FastifyRequest<StepParams>, type: AllegationStepType, view: AllegationView): FormValues {
    const officer = { designated_officer: request.caller!.name };
    switch (type) {
      case 'remove_member': {
        const member = view.members.find((m) => m.id === request.query.member);
        return member ? { userId: member.id } : {};
      }
      case 'record_strategy_discussion':
      case 'record_concluding_meeting':
        return { attendees: officer };
      case 'record_strategy_meeting':
        return { attendees: officer, ...view.state.tracks };
      default:
        return {};
    }
  }

  async function stepPage(
    request: FastifyRequest,
    reply: FastifyReply,
    type: AllegationStepType,
    view: AllegationView,
    form: { values: FormValues; errors?: Readonly<Record<string, string>> | undefined; version: string | number },
    status: number,
  ) {
    const t = translator(request.locale);
    const choices = await choicesFor(request, type, view, t);
    const { errors, errorList } = allegationErrorView(type, request.locale, form.errors ?? {});
    const fields = allegationFieldViews({ type, values: form.values, errors, choices, t });
    // A choice with nothing to choose from: the page says so instead of showing an empty form.
    const empty = ALLEGATION_FORMS[type].fields.some((f) => f.kind === 'choice' && (choices[f.source] ?? []).length === 0);
    const id = view.allegation.id;
    return renderPage(views, request, reply, 'pages/allegation/form.njk', {
      type,
      subject: view.state.subject,
      title: t(`allegation.step.${type}.title`),
      intro: ALLEGATION_FORMS[type].intro ? t(`allegation.step.${type}.intro`) : null,
      submit: t(`allegation.step.${type}.submit`),
      empty: empty ? t(`allegation.step.${type}.none`) : null,
      action: `/allegations/${id}/steps/${allegationSlugOf(type)}`,
      back: `/allegations/${id}`,
      version: form.version,
      fields,
      errorList,
    }, status);
  }
}

