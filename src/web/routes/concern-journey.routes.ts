import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps } from '../app.js';
import { DomainError } from '../../domain/errors.js';
import { canReportOnRaising } from '../../domain/access-policy.js';
import { HARM_CATEGORIES, SPECIFIC_RISKS } from '../../domain/concern.js';
import {
  dangerStep,
  fieldErrors,
  harmStep,
  knowsStep,
  personStep,
  raiseConcernSchema,
  subjectStep,
  whatHappenedStep,
  type Validator,
} from '../../services/concern.input.js';
import { renderPage } from '../pages.js';
import { errorViewModel } from '../view.js';
import { dateInput, list, partsOf, text, type DateParts, type FormBody } from '../forms/form-data.js';

/**
 * Raising a concern: one question per page (GOV.UK pattern), answers kept in the
 * server-side session until the check-your-answers page sends them. Works without
 * JavaScript; every step validates on the server.
 */
type Draft = Record<string, unknown>;
const DRAFT_KEY = 'concernDraft';
const BASE = '/concerns/new';

interface Step {
  slug: string;
  template: string;
  /** The draft fields this step needs before it can be shown. */
  requires: string[];
  read(body: FormBody, draft: Draft): { input: Record<string, unknown>; dates: Record<string, DateParts> };
  schema(today: string): Validator<unknown>;
  next(draft: Draft): string;
}

const STEPS: Step[] = [
  {
    slug: 'subject',
    template: 'pages/concern/subject.njk',
    requires: [],
    read: (b) => ({ input: { subjectKind: text(b, 'subjectKind') }, dates: {} }),
    schema: () => subjectStep,
    next: () => 'person',
  },
  {
    slug: 'person',
    template: 'pages/concern/person.njk',
    requires: ['subjectKind'],
    read: (b, draft) => {
      const birthKnowledge = text(b, 'birthKnowledge');
      const dob = dateInput(b, 'dateOfBirth');
      const due = dateInput(b, 'expectedDueDate');
      return {
        input: {
          subjectKind: draft.subjectKind,
          fullName: text(b, 'fullName'),
          birthKnowledge,
          dateOfBirth: birthKnowledge === 'date_of_birth' ? dob.value : undefined,
          expectedDueDate: birthKnowledge === 'unborn' ? due.value : undefined,
          nhsNumber: text(b, 'nhsNumber'),
          address: text(b, 'address'),
          firstLanguage: text(b, 'firstLanguage'),
          welshPreferred: text(b, 'welshPreferred'),
          communicationNeeds: text(b, 'communicationNeeds'),
        },
        dates: { dateOfBirth: dob.parts, expectedDueDate: due.parts },
      };
    },
    schema: (today) => personStep(today),
    next: () => 'what-happened',
  },
  {
    slug: 'what-happened',
    template: 'pages/concern/what-happened.njk',
    requires: ['subjectKind', 'fullName'],
    read: (b) => {
      const on = dateInput(b, 'occurredOn');
      return {
        input: {
          account: text(b, 'account'),
          ownWords: text(b, 'ownWords'),
          occurredOn: on.value,
          occurredTime: (text(b, 'occurredTime') ?? '').trim(),
          location: text(b, 'location'),
        },
        dates: { occurredOn: on.parts },
      };
    },
    schema: (today) => whatHappenedStep(today),
    next: () => 'harm',
  },
  {
    slug: 'harm',
    template: 'pages/concern/harm.njk',
    requires: ['subjectKind', 'fullName', 'account'],
    read: (b) => ({ input: { harmCategories: list(b, 'harmCategories'), specificRisks: list(b, 'specificRisks') }, dates: {} }),
    schema: () => harmStep,
    next: () => 'danger',
  },
  {
    slug: 'danger',
    template: 'pages/concern/danger.njk',
    requires: ['subjectKind', 'fullName', 'account', 'harmCategories'],
    read: (b) => {
      const v = text(b, 'immediateDanger');
      return { input: { immediateDanger: v === 'yes' ? true : v === 'no' ? false : undefined }, dates: {} };
    },
    schema: () => dangerStep,
    next: (draft) => (draft.immediateDanger === true ? 'call-999' : 'knows'),
  },
  {
    slug: 'knows',
    template: 'pages/concern/knows.njk',
    requires: ['subjectKind', 'fullName', 'account', 'harmCategories', 'immediateDanger'],
    read: (b) => ({ input: { personKnows: text(b, 'personKnows'), personNotToldReason: text(b, 'personNotToldReason') }, dates: {} }),
    schema: () => knowsStep,
    next: () => 'check',
  },
];

function draftOf(request: FastifyRequest): Draft {
  const d = request.sessionData[DRAFT_KEY];
  return d && typeof d === 'object' ? { ...(d as Draft) } : {};
}

async function saveDraft(deps: RouteDeps, request: FastifyRequest, draft: Draft | undefined): Promise<void> {
  const data = { ...request.sessionData };
  if (draft) data[DRAFT_KEY] = draft;
  else delete data[DRAFT_KEY];
  request.sessionData = data;
  await deps.services.auth.saveSessionData(request.sessionToken!, data);
}

/** Which step answers each required field, to send someone back to a question they skipped. */
const STEP_FOR_FIELD: Record<string, string> = {
  subjectKind: 'subject',
  fullName: 'person',
  account: 'what-happened',
  harmCategories: 'harm',
  immediateDanger: 'danger',
};

function firstMissing(draft: Draft, requires: string[]): string | undefined {
  const missing = requires.find((f) => draft[f] === undefined);
  return missing ? STEP_FOR_FIELD[missing] : undefined;
}

/** The draft as the service's input, for the check page and for sending. */
function draftAsInput(draft: Draft): Record<string, unknown> {
  return { ...draft, toldToCall999: draft.immediateDanger === true ? draft.toldToCall999 === true : undefined };
}

function stepViewData(step: Step, draft: Draft, dates: Record<string, DateParts> = {}) {
  return {
    values: draft,
    dates: {
      dateOfBirth: dates.dateOfBirth ?? partsOf(draft.dateOfBirth as string | undefined),
      expectedDueDate: dates.expectedDueDate ?? partsOf(draft.expectedDueDate as string | undefined),
      occurredOn: dates.occurredOn ?? partsOf(draft.occurredOn as string | undefined),
    },
    harmCategories: HARM_CATEGORIES,
    specificRisks: SPECIFIC_RISKS,
    backLink: backFor(step.slug, draft),
  };
}

function backFor(slug: string, draft: Draft): string {
  const index = STEPS.findIndex((s) => s.slug === slug);
  if (slug === 'knows' && draft.immediateDanger === true) return `${BASE}/call-999`;
  if (index <= 0) return '/';
  return `${BASE}/${STEPS[index - 1]!.slug}`;
}

/** What a designated safeguarding person chose on the check page. */
interface CheckChoice {
  next?: string | undefined;
  localAuthorityId?: string | undefined;
}

export async function concernJourneyRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const { views, services } = deps;
  const today = () => services.concerns.today();
  const routeConfig = { config: { auth: true, capability: 'concern.raise' as const } };

  app.get(BASE, routeConfig, async (_request, reply) => reply.redirect(`${BASE}/subject`));

  for (const step of STEPS) {
    app.get<{ Querystring: { change?: string } }>(`${BASE}/${step.slug}`, routeConfig, async (request, reply) => {
      const draft = draftOf(request);
      const missing = firstMissing(draft, step.requires);
      if (missing) return reply.redirect(`${BASE}/${missing}`);
      return renderPage(views, request, reply, step.template, { ...stepViewData(step, draft), change: request.query.change === '1' });
    });

    app.post<{ Querystring: { change?: string } }>(`${BASE}/${step.slug}`, routeConfig, async (request, reply) => {
      const draft = draftOf(request);
      const missing = firstMissing(draft, step.requires);
      if (missing) return reply.redirect(`${BASE}/${missing}`, 303);
      const { input, dates } = step.read(request.body as FormBody, draft);
      const result = step.schema(today()).safeParse(input);
      if (!result.success) {
        return renderPage(
          views,
          request,
          reply,
          step.template,
          { ...stepViewData(step, { ...draft, ...input }, dates), ...errorViewModel(fieldErrors(result.error), request.locale), change: request.query.change === '1' },
          400,
        );
      }
      const updated: Draft = { ...draft };
      for (const key of Object.keys(input)) delete updated[key];
      Object.assign(updated, result.data as Record<string, unknown>);
      // Changing who the concern is about invalidates the date answers that depend on it.
      if (step.slug === 'subject' && draft.subjectKind !== undefined && draft.subjectKind !== updated.subjectKind) {
        delete updated.birthKnowledge;
        delete updated.dateOfBirth;
        delete updated.expectedDueDate;
      }
      if (step.slug === 'danger' && updated.immediateDanger !== true) delete updated.toldToCall999;
      await saveDraft(deps, request, updated);
      const next = step.next(updated);
      const complete = raiseConcernSchema(today()).safeParse(draftAsInput(updated)).success;
      if (request.query.change === '1' && complete && next !== 'call-999') return reply.redirect(`${BASE}/check`, 303);
      return reply.redirect(`${BASE}/${next}`, 303);
    });
  }

  // Someone is in immediate danger: tell them to ring 999 now, and record that they were told.
  app.get(`${BASE}/call-999`, routeConfig, async (request, reply) => {
    const draft = draftOf(request);
    if (draft.immediateDanger !== true) return reply.redirect(`${BASE}/danger`);
    if (draft.toldToCall999 !== true) await saveDraft(deps, request, { ...draft, toldToCall999: true });
    return renderPage(views, request, reply, 'pages/concern/call-999.njk', { backLink: `${BASE}/danger` });
  });

  /**
   * The check page. A designated safeguarding person also says what happens next: report it to
   * a local authority as it is sent, or decide later from the queue.
   */
  async function checkPage(request: FastifyRequest, reply: FastifyReply, values: unknown, choice: CheckChoice, errors?: Record<string, string>) {
    const localAuthorities = canReportOnRaising(request.caller!) ? await services.concerns.localAuthorities() : null;
    const data = { values, choice, localAuthorities, backLink: `${BASE}/knows`, ...(errors ? errorViewModel(errors, request.locale) : {}) };
    return renderPage(views, request, reply, 'pages/concern/check.njk', data, errors ? 400 : 200);
  }

  app.get(`${BASE}/check`, routeConfig, async (request, reply) => {
    const draft = draftOf(request);
    const parsed = raiseConcernSchema(today()).safeParse(draftAsInput(draft));
    if (!parsed.success) return reply.redirect(`${BASE}/${firstIncompleteStep(draft)}`);
    return checkPage(request, reply, parsed.data, {});
  });

  app.post(`${BASE}/check`, routeConfig, async (request, reply) => {
    const draft = draftOf(request);
    const body = request.body as FormBody;
    const reporter = canReportOnRaising(request.caller!);
    const choice: CheckChoice = reporter ? { next: text(body, 'next'), localAuthorityId: text(body, 'localAuthorityId') } : {};
    const answers = () => raiseConcernSchema(today()).safeParse(draftAsInput(draft));
    if (reporter && choice.next !== 'report' && choice.next !== 'queue') {
      const parsed = answers();
      if (!parsed.success) return reply.redirect(`${BASE}/${firstIncompleteStep(draft)}`, 303);
      return checkPage(request, reply, parsed.data, choice, { next: 'error.next.required' });
    }
    const reportTo = choice.next === 'report' ? { reportToLocalAuthorityId: choice.localAuthorityId ?? '' } : {};
    try {
      const { id } = await services.concerns.raise(request.caller!, { ...draftAsInput(draft), ...reportTo }, request.ctx);
      await saveDraft(deps, request, undefined);
      return reply.redirect(`/concerns/${id}/confirmation`, 303);
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'validation') throw err;
      const parsed = answers();
      // An answer that no longer holds (a date now in the future, say): back to its question.
      if (!parsed.success) return reply.redirect(`${BASE}/${firstIncompleteStep(draft)}`, 303);
      // Otherwise it is the local authority chosen.
      return checkPage(request, reply, parsed.data, choice, { localAuthorityId: err.fields?.reportToLocalAuthorityId ?? 'error.localAuthorityId.required' });
    }
  });

  function firstIncompleteStep(draft: Draft): string {
    for (const step of STEPS) {
      const { input } = step.read({}, draft);
      const fromDraft = Object.fromEntries(Object.keys(input).map((k) => [k, draft[k]]));
      if (step.slug === 'person' || step.slug === 'subject') fromDraft.subjectKind = draft.subjectKind;
      if (!step.schema(today()).safeParse(fromDraft).success) return step.slug;
      if (step.slug === 'danger' && draft.immediateDanger === true && draft.toldToCall999 !== true) return 'call-999';
    }
    return 'check';
  }

  app.get<{ Params: { id: string } }>('/concerns/:id/confirmation', { config: { auth: true } }, async (request, reply: FastifyReply) => {
    const concern = await services.concerns.get(request.caller!, request.params.id, request.ctx);
    return renderPage(views, request, reply, 'pages/concern/confirmation.njk', { concern });
  });
}
