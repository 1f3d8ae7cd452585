import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import type { UserCommandType } from '../../domain/cases/child-protection.commands.js';
import type { CaseView } from '../../services/case.service.js';
import { notFound, renderPage, submitForm, type KeptAnswer } from '../pages.js';
import { errorViewModel } from '../view.js';
import { translator } from '../i18n/i18n.js';
import { dateInput, text, type FormBody } from '../forms/form-data.js';
import {
  casePageModel,
  choicesFor,
  chronologyDetail,
  chronologyParams,
  conferenceChildren,
  initialValues,
  keptAnswers,
  mergeErrors,
  pendingConference,
  readStepForm,
  slugOf,
  STEP_FORMS,
  stepErrorView,
  stepFieldViews,
  stepFlags,
  stepHref,
  stepOfSlug,
  type ChoiceInputs,
  type FormValues,
} from '../forms/case-forms.js';
import { adultChronologyParams, adultStepOfSlug } from '../forms/adult-case-forms.js';
import { adultCasePages } from './adult-case.routes.js';

type IdParams = { Params: { id: string } };
type StepParams = { Params: { id: string; step: string } };

/**
 * A child's case in the browser: the list, the case page with its clocks and next steps,
 * one page per step, the chronology and the household. The service decides what may be
 * done; these routes only read forms, call it and show its answer.
 */
export async function caseRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const config = { config: { auth: true, capability: 'case.work' as const } };
  // Reading a case needs a relationship to it, which the record decides: conference and
  // core group members from other agencies read the cases they are on.
  const read = { config: { auth: true, capability: 'case.view' as const } };
  // An adult's case has pages of its own at the same addresses (DOMAIN.md §3, §4).
  const adult = adultCasePages(deps, notAvailable);

  app.get('/cases', read, async (request, reply) => {
    const cases = await services.cases.list(request.caller!, request.ctx);
    return renderPage(views, request, reply, 'pages/case/index.njk', { cases });
  });

  app.get<IdParams>('/cases/:id', read, async (request, reply) => {
    const view = await services.cases.get(request.caller!, request.params.id, request.ctx);
    if (view.case.kind === 'adult') return adult.show(request, reply, view);
    return renderPage(views, request, reply, 'pages/case/show.njk', {
      ...caseHeader(view),
      view,
      page: casePageModel(view, translator(request.locale)),
    });
  });

  // ---- one page per step ------------------------------------------------------------

  app.get<StepParams>('/cases/:id/steps/:step', config, async (request, reply) => {
    const type = stepOfSlug(request.params.step);
    const adultType = adultStepOfSlug(request.params.step);
    if (!type && !adultType) return notFound(views, request, reply);
    const view = await services.cases.get(request.caller!, request.params.id, request.ctx);
    if (view.case.kind === 'adult') return adultType ? adult.step(request, reply, view, adultType) : notFound(views, request, reply);
    if (!type) return notFound(views, request, reply);
    if (!view.allowed.includes(type)) {
      return notAvailable(request, reply, view, view.blocked[type] ?? null);
    }
    // The first child's decision is taken on the report page (see stepHref).
    const href = stepHref(view, type);
    if (!href.startsWith('/cases/')) return reply.redirect(href);
    return stepPage(request, reply, type, view, { values: initialValues(type, view), version: view.case.version }, 200);
  });

  app.post<StepParams>('/cases/:id/steps/:step', config, async (request, reply) => {
    const childType = stepOfSlug(request.params.step);
    const adultType = adultStepOfSlug(request.params.step);
    const { id } = request.params;
    // Steps both kinds of case have (record-decision, record-conference …) go by the case's kind.
    const shared = childType && adultType ? await services.cases.get(request.caller!, id, request.ctx) : undefined;
    if (adultType && (!childType || shared?.case.kind === 'adult')) return adult.submit(request, reply, id, adultType);
    const type = childType;
    if (!type) return notFound(views, request, reply);
    if (type === 'record_decision') {
      // The first child's decision is recorded on the report, which it also closes (see stepHref).
      const href = stepHref(shared ?? (await services.cases.get(request.caller!, id, request.ctx)), type);
      if (!href.startsWith('/cases/')) return reply.redirect(href, 303);
    }
    const body = request.body as FormBody;
    const form = readStepForm(type, body);
    const expectedVersion = text(body, 'expectedVersion');
    // Filled in only if the case changed meanwhile, before submitForm shows the conflict page.
    const kept: KeptAnswer[] = [];
    return withStepRefusals(request, reply, id, () =>
      submitForm(views, request, reply, {
        change: async () => {
          try {
            await services.cases.execute(request.caller!, id, type, { ...form.input, expectedVersion }, request.ctx);
          } catch (e) {
            if (e instanceof DomainError && e.code === 'validation') {
              throw new DomainError('validation', e.message, mergeErrors(type, id, e.fields, form.formErrors));
            }
            if (e instanceof DomainError && e.code === 'conflict') kept.push(...(await keptFor(request, type, id, form.values)));
            throw e;
          }
        },
        redirectTo: `/cases/${id}`,
        kept,
        showErrors: async (fields) => {
          const view = await services.cases.get(request.caller!, id, request.ctx);
          if (!view.allowed.includes(type)) {
            return notAvailable(request, reply, view, view.blocked[type] ?? null);
          }
          // The version the form was first shown from, so a change made meanwhile is still caught.
          return stepPage(request, reply, type, view, { values: form.values, errors: fields, version: expectedVersion ?? view.case.version }, 400);
        },
      }),
    );
  });

  /** A step this person may not take (403), or that the case is not ready for (409): never a 500. */
  async function withStepRefusals(request: FastifyRequest, reply: FastifyReply, id: string, run: () => Promise<FastifyReply>) {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code !== 'invalid_state' && e.code !== 'not_permitted')) throw e;
      const view = await services.cases.get(request.caller!, id, request.ctx);
      return notAvailable(request, reply, view, e.message, e.code === 'not_permitted');
    }
  }

  function notAvailable(request: FastifyRequest, reply: FastifyReply, view: CaseView, reason: string | null, refused = false) {
    // Not this person's to do: their role, or a case they may only read.
    const forbidden = refused || reason === 'error.case.role' || reason === 'error.case.readOnly';
    return renderPage(
      views,
      request,
      reply,
      forbidden ? 'pages/case/forbidden.njk' : 'pages/case/blocked.njk',
      { ...caseHeader(view), view, reason: reason ?? 'error.case.role' },
      forbidden ? 403 : 409,
    );
  }

  async function choiceInputs(request: FastifyRequest, type: UserCommandType, view: CaseView, forConflict = false): Promise<ChoiceInputs> {
    if (type === 'notify_transfer') return { localAuthorities: await services.concerns.localAuthorities() };
    if (type !== 'schedule_conference') return {};
    if (forConflict) return { siblings: view.household.map((h) => ({ id: h.id, name: h.personName })) };
    // Siblings are considered together when the same kind of conference is due for each (c3pt2-p9).
    const siblings = [];
    for (const h of view.household) {
      const sibling = await services.cases.get(request.caller!, h.id, request.ctx);
      if (sibling.allowed.includes('schedule_conference') && sibling.nextConferenceKind === view.nextConferenceKind) {
        siblings.push({ id: h.id, name: h.personName });
      }
    }
    return { siblings };
  }

  async function stepPage(
    request: FastifyRequest,
    reply: FastifyReply,
    type: UserCommandType,
    view: CaseView,
    form: { values: FormValues; errors?: Readonly<Record<string, string>> | undefined; version: string | number },
    status: number,
  ) {
    const { locale } = request;
    const t = translator(locale);
    const choices = choicesFor(view, await choiceInputs(request, type, view), t, locale);
    const considered = type === 'record_conference' ? conferenceChildren(view) : undefined;
    const { errors, errorList } = stepErrorView({ type, locale, considered }, form.errors ?? {});
    const fields = stepFieldViews({
      type, flags: stepFlags(view), values: form.values, errors, choices, t, conferenceKind: view.nextConferenceKind, considered,
    });
    const pending = pendingConference(view);
    return renderPage(views, request, reply, 'pages/case/step.njk', {
      ...caseHeader(view),
      view,
      type,
      slug: slugOf(type),
      intro: STEP_FORMS[type].intro === true,
      fields,
      errorList,
      version: form.version,
      pending: pending ? { ...pending, scheduledFor: new Date(pending.scheduledFor) } : null,
    }, status);
  }

  async function keptFor(request: FastifyRequest, type: UserCommandType, id: string, values: FormValues): Promise<KeptAnswer[]> {
    const view = await services.cases.get(request.caller!, id, request.ctx);
    const t = translator(request.locale);
    const choices = choicesFor(view, await choiceInputs(request, type, view, true), t, request.locale);
    const considered = type === 'record_conference' ? conferenceChildren(view) : undefined;
    return keptAnswers({ type, t, locale: request.locale, choices, considered }, values);
  }

  // ---- another child of the household -------------------------------------------------

  app.get<IdParams>('/cases/:id/siblings/new', config, async (request, reply) => {
    const view = await services.cases.get(request.caller!, request.params.id, request.ctx);
    if (!view.permissions.addSibling) return notAvailable(request, reply, view, view.access === 'work' ? 'error.case.role' : 'error.case.readOnly');
    return siblingPage(request, reply, view, {}, undefined, 200);
  });

  app.post<IdParams>('/cases/:id/siblings/new', config, async (request, reply) => {
    const body = request.body as FormBody;
    const { id } = request.params;
    const born = text(body, 'born');
    const dob = dateInput(body, 'dateOfBirth');
    const due = dateInput(body, 'expectedDueDate');
    const values = { fullName: text(body, 'fullName') ?? '', born: born ?? '', dateOfBirth: dob.parts, expectedDueDate: due.parts };
    const input = {
      fullName: values.fullName,
      dateOfBirth: born === 'yes' ? dob.value : undefined,
      expectedDueDate: born === 'no' ? due.value : undefined,
      expectedVersion: text(body, 'expectedVersion'),
    };
    let created: string | undefined;
    const t = translator(request.locale);
    return withStepRefusals(request, reply, id, () =>
      submitForm(views, request, reply, {
        change: async () => {
          created = (await services.cases.addSibling(request.caller!, id, input, request.ctx)).caseId;
        },
        // Read after the change: the new child's own case, where their decision is recorded next.
        get redirectTo() {
          return `/cases/${created ?? id}`;
        },
        kept: [
          { label: 'case.sibling.fullName', value: values.fullName },
          { label: 'case.sibling.born', value: born === 'yes' || born === 'no' ? t(`case.sibling.born.${born}`) : '' },
          { label: born === 'no' ? 'case.sibling.expectedDueDate' : 'case.sibling.dateOfBirth', value: [input.dateOfBirth, input.expectedDueDate].find((v) => v && v !== 'invalid') ?? '' },
        ],
        showErrors: async (fields) => {
          const view = await services.cases.get(request.caller!, id, request.ctx);
          const errors: Record<string, string> = { ...fields };
          // "Has the child been born?" decides which date the service was missing.
          if (!born) {
            delete errors['dateOfBirth'];
            errors['born'] = 'error.born.required';
          } else if (born === 'no' && errors['dateOfBirth']) {
            errors['expectedDueDate'] = errors['dateOfBirth'] === 'error.dateOfBirth.required' ? 'error.expectedDueDate.required' : errors['dateOfBirth'];
            delete errors['dateOfBirth'];
          }
          return siblingPage(request, reply, view, values, errors, 400);
        },
      }),
    );
  });

  function siblingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    view: CaseView,
    values: Record<string, unknown>,
    errors: Record<string, string> | undefined,
    status: number,
  ) {
    const empty = { day: '', month: '', year: '' };
    const ordered = errors ? Object.fromEntries(['fullName', 'born', 'dateOfBirth', 'expectedDueDate', 'expectedVersion'].filter((f) => errors[f]).map((f) => [f, errors[f]!])) : undefined;
    return renderPage(views, request, reply, 'pages/case/sibling-new.njk', {
      ...caseHeader(view),
      view,
      values,
      dates: { dateOfBirth: values['dateOfBirth'] ?? empty, expectedDueDate: values['expectedDueDate'] ?? empty },
      ...errorViewModel(ordered, request.locale),
    }, status);
  }

  // ---- chronology, household, who has seen -----------------------------------------------

  async function chronologyPage(request: FastifyRequest<IdParams>, reply: FastifyReply, household: boolean) {
    const { locale } = request;
    const t = translator(locale);
    const chronology = await services.cases.chronology(request.caller!, request.params.id, request.ctx, { household });
    const view = await services.cases.get(request.caller!, request.params.id, request.ctx);
    const authorities = await services.concerns.localAuthorities();
    const names = {
      staff: new Map(view.staff.map((s) => [s.id, s.name])),
      authorities: new Map(authorities.map((a) => [a.id, locale === 'cy' && a.nameCy ? a.nameCy : a.nameEn])),
    };
    const params = view.case.kind === 'adult' ? adultChronologyParams : chronologyParams;
    const entries = chronology.entries.map((e) => ({
      ...e,
      sentence: t(`chronology.${e.type}`, params(e, t, locale, names)),
      detail: chronologyDetail(e, t),
    }));
    return renderPage(views, request, reply, 'pages/case/chronology.njk', {
      ...caseHeader(view),
      view,
      household,
      members: chronology.members,
      entries,
      canAdd: view.allowed.includes('add_chronology_entry'),
    });
  }

  app.get<IdParams>('/cases/:id/chronology', read, (request, reply) => chronologyPage(request, reply, false));
  app.get<IdParams>('/cases/:id/household', read, (request, reply) => chronologyPage(request, reply, true));

  app.get<IdParams>('/cases/:id/who-has-seen', { config: { auth: true, capability: 'record.who_has_seen' } }, async (request, reply) => {
    const { case: found, entries } = await services.cases.whoHasSeen(request.caller!, request.params.id, request.ctx);
    return renderPage(views, request, reply, 'pages/case/who-has-seen.njk', { caseId: found.id, entries });
  });
}

/** What every case page shows at its top: whose case it is. */
function caseHeader(view: CaseView) {
  return { person: view.person, caseId: view.case.id };
}
