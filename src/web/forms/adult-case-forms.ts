import { ADULT_DECISIONS } from '../../domain/decisions.js';
import { AGENCIES } from '../../domain/cases/vocabulary.js';
import { ADULT_CASE_COMMAND_TYPES, type AdultUserCommandType } from '../../domain/cases/adult-protection.model.js';
import {
  ADULT_ABUSE_CATEGORIES,
  ADULT_CLOSURE_ROUTES,
  ADULT_DETERMINATIONS,
  ADULT_STRATEGY_OUTCOMES,
  ADVOCACY_KINDS,
  APC_OUTCOMES,
  APSO_GROUNDS,
  APSO_OUTCOMES,
  CAPACITY_OUTCOMES,
  CONSENT_POSITIONS,
  FREE_DECISION_FINDINGS,
  PLAN_REVIEW_OUTCOMES,
} from '../../domain/cases/adult-vocabulary.js';
import type { CaseView } from '../../services/case.service.js';
import { CATALOGUES, formatIsoDate, type Locale, type Translate } from '../i18n/i18n.js';
import {
  chronologyParams,
  slugOf,
  type ChronologyEntryInput,
  type ChronologyNames,
  type Choices,
  type FieldSpec,
  type FormValues,
  type StepFormSet,
  type StepSpec,
} from './case-forms.js';

/**
 * The pages of an adult's case (Wales Safeguarding Procedures, adults, sections 3 and 4;
 * Social Services and Well-being (Wales) Act 2014 ss126–127): one page per step, each
 * described here with the field machinery of the child's pages and read into the API
 * shape of `ADULT_COMMAND_SCHEMAS`; the service and the decider check the answers.
 */

type Reveal = NonNullable<FieldSpec['revealedBy']>;
type Extra = Pick<FieldSpec, 'hint' | 'optional' | 'key' | 'revealedBy'>;

const details = (name: string, extra: Extra = {}): FieldSpec => ({ name, kind: 'textarea', ...extra });

/**
 * Consent and a Mental Capacity Act 2005 assessment, asked at the initial checks, the strategy
 * discussion, the plan and its reviews (a3pt1-p4, a3pt1-p16, a4-p2), and when a disengaged
 * adult's case closes. The assessment's questions open under "yes"; best interests under
 * "lacks capacity". The labels are shared by every step that asks.
 */
function consentAndCapacity(revealedBy?: Reveal): FieldSpec[] {
  const within = revealedBy ? { revealedBy } : {};
  return [
    { name: 'consent', kind: 'radios', options: CONSENT_POSITIONS, optionKey: 'adult.consent.', key: 'adult.cc.consent', hint: true, ...within },
    { name: 'capacityAssessed', kind: 'yesNo', key: 'adult.cc.capacityAssessed', hint: true, ...within },
    details('capacityDecision', { key: 'adult.cc.capacityDecision', hint: true, revealedBy: { field: 'capacityAssessed', value: 'yes', otherwise: '' } }),
    { name: 'capacityAssessedBy', kind: 'text', key: 'adult.cc.capacityAssessedBy', hint: true, revealedBy: { field: 'capacityAssessed', value: 'yes', otherwise: '' } },
    {
      name: 'capacityOutcome', kind: 'radios', options: CAPACITY_OUTCOMES, optionKey: 'adult.capacityOutcome.', key: 'adult.cc.capacityOutcome',
      revealedBy: { field: 'capacityAssessed', value: 'yes', otherwise: null },
    },
    details('bestInterests', { key: 'adult.cc.bestInterests', hint: true, revealedBy: { field: 'capacityOutcome', value: 'lacks_capacity', otherwise: '' } }),
  ];
}

const staff = (name: string, extra: Extra = {}): FieldSpec => ({ name, kind: 'choice', source: 'staff', control: 'select', ...extra });

export const ADULT_STEP_FORMS: Readonly<Record<AdultUserCommandType, StepSpec>> = {
  allocate: { fields: [staff('workerId')] },
  record_initial_checks: {
    fields: [
      { name: 'categories', kind: 'checkboxes', options: ADULT_ABUSE_CATEGORIES, optionKey: 'adult.category.', hint: true },
      ...consentAndCapacity(),
      { name: 'crimeSuspected', kind: 'yesNo', hint: true },
      { name: 'policeInformed', kind: 'yesNo', hint: true, revealedBy: { field: 'crimeSuspected', value: 'yes', otherwise: false } },
      { name: 'othersAtRisk', kind: 'yesNo', hint: true },
      details('othersAtRiskDetails', { revealedBy: { field: 'othersAtRisk', value: 'yes', otherwise: '' } }),
      details('summary', { hint: true }),
    ],
    intro: true,
  },
  record_decision: {
    fields: [{ name: 'decision', kind: 'radios', options: ADULT_DECISIONS, optionKey: 'decision.' }, details('rationale', { hint: true })],
    intro: true,
  },
  complete_task: {
    fields: [
      { name: 'taskId', kind: 'choice', source: 'openTask', control: 'radios' },
      { name: 'reference', kind: 'text', hint: true },
    ],
  },
  record_enquiry_determination: {
    fields: [
      { name: 'determination', kind: 'radios', options: ADULT_DETERMINATIONS, optionKey: 'adult.determination.' },
      details('rationale', { hint: true }),
    ],
    intro: true,
  },
  record_immediate_protection: { fields: [{ name: 'at', kind: 'dateTime' }, details('actions', { hint: true })], intro: true },
  record_strategy: {
    fields: [
      { name: 'heldAt', kind: 'dateTime' },
      { name: 'format', kind: 'radios', options: ['discussion', 'meeting'], optionKey: 'case.format.' },
      staff('chairId', { hint: true }),
      { name: 'attendees', kind: 'attendees', hint: true },
      ...consentAndCapacity(),
      { name: 'outcome', kind: 'radios', options: ADULT_STRATEGY_OUTCOMES, optionKey: 'adult.strategyOutcome.' },
      { name: 'criminalInvestigation', kind: 'yesNo', revealedBy: { field: 'outcome', value: 'investigate', otherwise: false } },
      { name: 'nonCriminalInvestigation', kind: 'yesNo', hint: true, revealedBy: { field: 'outcome', value: 'investigate', otherwise: false } },
      { name: 'investigationDueDate', kind: 'date', hint: true, optional: true, revealedBy: { field: 'outcome', value: 'investigate', otherwise: null } },
      details('interimProtection', { hint: true, optional: true }),
      staff('leadPractitionerId', { hint: true, optional: true }),
      details('summary', { hint: true }),
    ],
    intro: true,
  },
  name_lead_practitioner: { fields: [staff('leadPractitionerId', { hint: true })], intro: true },
  complete_investigation: {
    fields: [
      { name: 'investigationId', kind: 'choice', source: 'openInvestigation', control: 'radios' },
      { name: 'completedAt', kind: 'dateTime' },
      details('findings', { hint: true }),
    ],
  },
  offer_advocacy: {
    fields: [
      { name: 'kind', kind: 'radios', options: ADVOCACY_KINDS, optionKey: 'adult.advocacyKind.' },
      { name: 'offeredOn', kind: 'date', hint: true },
      { name: 'accepted', kind: 'yesNo' },
      { name: 'advocate', kind: 'text', hint: true, revealedBy: { field: 'accepted', value: 'yes', otherwise: '' } },
    ],
    intro: true,
  },
  record_capacity_assessment: {
    fields: [
      { name: 'on', kind: 'date', hint: true },
      details('decision', { hint: true }),
      { name: 'assessedBy', kind: 'text', hint: true },
      { name: 'outcome', kind: 'radios', options: CAPACITY_OUTCOMES, optionKey: 'adult.capacityOutcome.' },
      details('bestInterests', { hint: true, revealedBy: { field: 'outcome', value: 'lacks_capacity', otherwise: '' } }),
    ],
    intro: true,
  },
  schedule_conference: { fields: [{ name: 'scheduledFor', kind: 'dateTime' }, { name: 'invitees', kind: 'attendees', hint: true }], intro: true },
  postpone_conference: {
    fields: [{ name: 'conferenceId', kind: 'hidden' }, { name: 'scheduledFor', kind: 'dateTime' }, details('reason', { hint: true })],
  },
  record_agency_reports: {
    fields: [
      { name: 'conferenceId', kind: 'hidden' },
      { name: 'agencies', kind: 'checkboxes', options: AGENCIES, optionKey: 'case.agency.', hint: true },
      { name: 'receivedAt', kind: 'dateTime' },
    ],
    intro: true,
  },
  record_conference: {
    fields: [
      { name: 'conferenceId', kind: 'hidden' },
      { name: 'heldAt', kind: 'dateTime' },
      { name: 'attendees', kind: 'attendees', hint: true },
      { name: 'apologies', kind: 'checkboxes', options: AGENCIES, optionKey: 'case.agency.', optional: true },
      { name: 'writtenContributions', kind: 'checkboxes', options: AGENCIES, optionKey: 'case.agency.', optional: true, hint: true },
      { name: 'adultAttended', kind: 'yesNo' },
      { name: 'advocatePresent', kind: 'yesNo', hint: true },
      { name: 'outcome', kind: 'radios', options: APC_OUTCOMES, optionKey: 'adult.apcOutcome.' },
      details('rationale', { hint: true }),
    ],
  },
  record_plan: {
    fields: [details('outcomes', { hint: true }), details('contingency', { hint: true }), ...consentAndCapacity()],
    intro: true,
  },
  add_plan_action: {
    fields: [details('description'), { name: 'owner', kind: 'text', hint: true }, { name: 'dueDate', kind: 'date', hint: true }],
  },
  complete_plan_action: { fields: [{ name: 'actionId', kind: 'choice', source: 'openAction', control: 'radios' }] },
  record_plan_review: {
    fields: [
      { name: 'heldAt', kind: 'dateTime' },
      ...consentAndCapacity(),
      { name: 'outcome', kind: 'radios', options: PLAN_REVIEW_OUTCOMES, optionKey: 'adult.reviewOutcome.' },
      details('summary', { hint: true }),
    ],
    intro: true,
  },
  consider_apso: { fields: [details('reason', { hint: true })], intro: true },
  apply_for_apso: {
    fields: [
      staff('authorisedOfficerId', { hint: true }),
      { name: 'appliedOn', kind: 'date', hint: true },
      { name: 'court', kind: 'text', hint: true },
      { name: 'hearingOn', kind: 'date', hint: true },
      details('premises', { hint: true }),
      details('reasons', { hint: true }),
      details('evidence', { hint: true }),
      { name: 'grounds', kind: 'checkboxes', options: APSO_GROUNDS, optionKey: 'adult.apsoGround.', hint: true },
    ],
    intro: true,
  },
  record_apso_outcome: {
    fields: [
      { name: 'decidedOn', kind: 'date', hint: true },
      { name: 'outcome', kind: 'radios', options: APSO_OUTCOMES, optionKey: 'adult.apsoOutcome.' },
      { name: 'orderStart', kind: 'dateTime', revealedBy: { field: 'outcome', value: 'granted', otherwise: null } },
      { name: 'orderEnd', kind: 'dateTime', hint: true, revealedBy: { field: 'outcome', value: 'granted', otherwise: null } },
      details('specifiedPersons', { hint: true, optional: true, revealedBy: { field: 'outcome', value: 'granted', otherwise: '' } }),
      details('conditions', { hint: true, optional: true, revealedBy: { field: 'outcome', value: 'granted', otherwise: '' } }),
      details('reason', { revealedBy: { field: 'outcome', value: 'refused', otherwise: '' } }),
    ],
  },
  record_apso_visit: {
    fields: [
      { name: 'visitedAt', kind: 'dateTime' },
      { name: 'spokeInPrivate', kind: 'yesNo' },
      { name: 'decisionsMadeFreely', kind: 'radios', options: FREE_DECISION_FINDINGS, optionKey: 'adult.freeDecision.' },
      details('outcome', { hint: true }),
    ],
    intro: true,
  },
  close_case: {
    fields: [
      { name: 'route', kind: 'radios', options: ADULT_CLOSURE_ROUTES, optionKey: 'adult.closureRoute.' },
      details('disengagement', { hint: true, revealedBy: { field: 'route', value: 'adult_disengaged', otherwise: '' } }),
      ...consentAndCapacity({ field: 'route', value: 'adult_disengaged', otherwise: undefined }),
      details('rationale', { hint: true }),
      { name: 'agenciesNotified', kind: 'checkboxes', options: AGENCIES, optionKey: 'case.agency.', optional: true, hint: true },
    ],
    intro: true,
  },
  record_timescale_exception: {
    fields: [{ name: 'clockKey', kind: 'choice', source: 'clock', control: 'radios' }, details('reason', { hint: true })],
    intro: true,
  },
  add_chronology_entry: {
    fields: [{ name: 'occurredOn', kind: 'date', hint: true }, details('summary'), { name: 'significant', kind: 'yesNo', hint: true }],
  },
};

/** The adult's steps for the shared field machinery: `adult.step.<type>.title`, `adult.field.<type>.<name>`, errors worded `<key>.adult`. */
export const ADULT_FORM_SET: StepFormSet = { prefix: 'adult', forms: ADULT_STEP_FORMS, errorVariant: 'adult' };

export function adultStepOfSlug(slug: string): AdultUserCommandType | undefined {
  return ADULT_CASE_COMMAND_TYPES.find((t) => slugOf(t) === slug);
}

/** Every step of an adult's case is taken on the case (the decision too: it follows the initial checks). */
export function adultStepHref(caseId: string, type: string): string {
  return `/cases/${caseId}/steps/${slugOf(type)}`;
}

/** A refusal worded for an adult's case where the shared wording speaks of a child (`<key>.adult`). */
export function adultReason(reason: string | null): string | null {
  return reason && `${reason}.adult` in CATALOGUES.en ? `${reason}.adult` : reason;
}

/** The adult protection conference waiting to be held, if any. */
export function adultPendingConference(view: CaseView) {
  return Object.values(view.adult?.conferences ?? {}).find((c) => c.heldAt === null) ?? null;
}

/** The fields a step starts with: the conference due, the plan to revise, the categories recorded so far. */
export function adultInitialValues(type: AdultUserCommandType, view: CaseView): FormValues {
  const a = view.adult;
  switch (type) {
    case 'postpone_conference':
    case 'record_agency_reports':
    case 'record_conference':
      return { conferenceId: adultPendingConference(view)?.id ?? '' };
    case 'record_plan':
      return { outcomes: a?.plan?.outcomes ?? '', contingency: a?.plan?.contingency ?? '' };
    case 'record_initial_checks':
      return a?.categories.length ? { categories: [...a.categories] } : {};
    default:
      return {};
  }
}

/** The options of every choice an adult's step may offer, from the case itself. */
export function adultChoicesFor(view: CaseView, t: Translate, locale: Locale): Choices {
  const a = view.adult;
  const inWords = (iso: string) => formatIsoDate(iso.slice(0, 10), locale);
  return {
    staff: view.staff.map((p) => ({ value: p.id, text: `${p.name} (${t(`role.${p.role}`)})` })),
    clock: view.clocks
      .filter((k) => !k.exceptionReason && (k.stoppedAt === null || k.stoppedAt.getTime() > k.dueAt.getTime()))
      .map((k) => ({ value: k.key, text: t(`clock.${k.timerId}.name`), hint: t('clock.due', { date: formatIsoDate(k.dueDate, locale, true) }) })),
    openTask: Object.entries(a?.tasks ?? {})
      .filter(([, task]) => !task.completedAt)
      .map(([id, task]) => ({ value: id, text: t(`adult.task.${task.kind}`) })),
    openAction: Object.entries(a?.actions ?? {})
      .filter(([, x]) => !x.completedAt)
      .map(([id, x]) => ({ value: id, text: x.description, hint: t('case.action.ownerDue', { owner: x.owner, date: formatIsoDate(x.dueDate, locale) }) })),
    openInvestigation: Object.entries(a?.investigations ?? {})
      .filter(([, i]) => !i.completedAt)
      .sort(([, x], [, y]) => x.startedAt.localeCompare(y.startedAt))
      .map(([id, i]) => ({
        value: id,
        text: t(`adult.investigationKind.${i.kind}`),
        hint: i.dueDate
          ? t('adult.investigation.startedDue', { date: inWords(i.startedAt), due: formatIsoDate(i.dueDate, locale) })
          : t('adult.investigation.started', { date: inWords(i.startedAt) }),
      })),
  };
}

/** A clock's stop reason in words: the adult's wording first, then the shared one; an unknown reason is left out. */
function reasonKey(r: string | null): string | null {
  if (!r) return null;
  return [`adult.clock.reason.${r}`, `case.clock.reason.${r}`].find((k) => k in CATALOGUES.en) ?? null;
}

/**
 * The adult's case page: the record as the procedures ask for it (initial checks, every
 * consent and capacity decision, advocacy, investigations, conferences, plan, the order),
 * instants as dates to format, and the clocks as a timeline.
 */
export function adultCasePageModel(view: CaseView, t: Translate) {
  const a = view.adult!;
  const at = (iso: string | null | undefined) => (iso ? new Date(iso) : null);
  const staffName = (id: string | null) => (id ? view.staff.find((p) => p.id === id)?.name ?? null : null);
  const byStart = (x: { startedAt: Date }, y: { startedAt: Date }) => x.startedAt.getTime() - y.startedAt.getTime();
  const clocks = view.clocks.map((c) => ({
    ...c,
    exceptionByName: staffName(c.exceptionBy),
    stopReasonKey: reasonKey(c.stopReason),
    pauseReasonKey: reasonKey(c.pauseReason),
  }));
  const tasks = Object.entries(a.tasks).map(([id, task]) => ({ id, ...task }));
  const apso = a.apso
    ? {
        ...a.apso,
        orderStart: at(a.apso.orderStart),
        orderEnd: at(a.apso.orderEnd),
        officerName: staffName(a.apso.authorisedOfficerId),
        inForce: view.apsoInForce,
        // s127: once the period in the order has passed it gives no power of entry.
        expired: a.apso.status === 'granted' && !view.apsoInForce,
      }
    : null;
  return {
    next: view.allowed.map((type) => ({ href: adultStepHref(view.case.id, type), text: t(`adult.step.${type}.title`) })),
    receivedAt: at(a.receivedAt),
    initialChecksAt: at(a.initialChecksAt),
    leadPractitionerName: staffName(a.leadPractitionerId),
    openTasks: tasks.filter((x) => !x.completedAt),
    policeInformed: a.policeInformed || tasks.some((x) => x.kind === 'notify_police' && x.completedAt !== null),
    policeReferences: tasks.filter((x) => x.completedAt && x.reference).map((x) => x.reference!),
    immediateProtectionAt: at(a.immediateProtectionAt),
    lastStrategyAt: at(a.lastStrategyAt),
    capacity: a.capacity,
    advocacy: a.advocacy,
    investigations: Object.entries(a.investigations)
      .map(([id, i]) => ({ id, ...i, startedAt: new Date(i.startedAt), completedAt: at(i.completedAt) }))
      .sort(byStart),
    conferences: Object.values(a.conferences)
      .map((c) => ({ ...c, scheduledFor: new Date(c.scheduledFor), heldAt: at(c.heldAt), reportsReceivedAt: at(c.reportsReceivedAt) }))
      .sort((x, y) => x.scheduledFor.getTime() - y.scheduledFor.getTime()),
    planStartedAt: at(a.planStartedAt),
    lastReviewAt: at(a.lastReviewAt),
    actions: Object.entries(a.actions).map(([id, x]) => ({ id, ...x, completedAt: at(x.completedAt) })),
    apsoConsideredAt: at(a.apsoConsideredAt),
    apso,
    runningClocks: clocks.filter((c) => c.stoppedAt === null).sort(byStart),
    finishedClocks: clocks.filter((c) => c.stoppedAt !== null).sort(byStart),
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** The placeholders of `chronology.<EventType>` for an adult's events; shared events are worded as for a child. */
export function adultChronologyParams(e: ChronologyEntryInput, t: Translate, locale: Locale, names: ChronologyNames): Record<string, string> {
  const d = e.data;
  const date = (v: unknown) => (str(v) ? formatIsoDate(str(v).slice(0, 10), locale) : '');
  const agencies = (v: unknown) =>
    Array.isArray(v) ? [...new Set(v.map((x) => str((x as { agency?: unknown }).agency)))].map((x) => t(`case.agency.${x}`)).join(', ') : '';
  const person = (id: unknown) => names.staff.get(str(id)) ?? t('case.chronology.someone');
  switch (e.type) {
    case 'InitialChecksRecorded':
      return { categories: Array.isArray(d['categories']) ? d['categories'].map((k) => t(`adult.category.${str(k)}`)).join(', ') : '' };
    case 'DecisionRecorded':
      return { decision: t(`decision.${str(d['decision'])}`), crime: '' };
    case 'TaskCreated':
      return { task: t(`adult.task.${str(d['kind'])}`) };
    case 'EnquiryDetermined':
      return { determination: t(`adult.determination.${str(d['determination'])}`) };
    case 'AdultStrategyHeld':
      return { format: t(`case.chronology.format.${str(d['format'])}`), agencies: agencies(d['attendees']), outcome: t(`adult.strategyOutcome.${str(d['outcome'])}`) };
    case 'LeadPractitionerNamed':
      return { name: person(d['leadPractitionerId']) };
    case 'SeniorManagerAlerted':
      return { reason: t(`adult.alert.${str(d['reason'])}`) };
    case 'InvestigationStarted':
      return { kind: t(`adult.investigationKind.${str(d['kind'])}`) };
    case 'AdvocacyOffered':
      return { kind: t(`adult.advocacyKind.${str(d['kind'])}`), answer: t(d['accepted'] === true ? 'adult.advocacy.accepted' : 'adult.advocacy.declined') };
    case 'CapacityAssessed':
      return { outcome: t(`adult.capacityOutcome.${str(d['outcome'])}`) };
    case 'AdultConferenceScheduled':
    case 'AdultConferencePostponed':
      return { date: date(d['scheduledFor']) };
    case 'AgencyReportsReceived':
      return { agencies: Array.isArray(d['agencies']) ? d['agencies'].map((x) => t(`case.agency.${str(x)}`)).join(', ') : '' };
    case 'AdultConferenceHeld':
      return { agencies: agencies(d['attendees']), outcome: t(`adult.apcOutcome.${str(d['outcome'])}`) };
    case 'PlanReviewed':
      return { outcome: t(`adult.reviewOutcome.${str(d['outcome'])}`) };
    case 'ApsoApplied':
      return { court: str(d['court']), date: date(d['hearingOn']) };
    case 'ApsoGranted':
      return { date: date(d['orderEnd']) };
    case 'ApsoVisitMade':
      return { finding: t(`adult.freeDecision.${str(d['decisionsMadeFreely'])}`) };
    case 'AdultCaseClosed':
      return { route: t(`adult.closureRoute.${str(d['route'])}`) };
    default:
      return chronologyParams(e, t, locale, names);
  }
}
