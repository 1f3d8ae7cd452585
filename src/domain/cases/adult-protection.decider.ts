import { londonDate, type IsoDate } from '../calendar/working-days.js';
import { decisionStopsReceiptClock } from '../decisions.js';
import { DomainError } from '../errors.js';
import type { Role } from '../access-policy.js';
import { deadlineFor, endOfDay, TIMER_RULES, workingDaysBefore } from '../timers.js';
import { clockWriter, dueAtInstant, mayTakeException, running } from './clocks.js';
import {
  apsoInForce,
  isAdultClosed,
  type AdultCaseCommand,
  type AdultCaseCommandType,
  type AdultCaseEvent,
  type AdultCaseState,
  type ConsentAndCapacity,
  type ConsentAndCapacityInput,
} from './adult-protection.model.js';
import { APSO_GROUNDS } from './adult-vocabulary.js';
import type { DecisionActor, DecisionContext } from './child-protection.decider.js';

/**
 * The adult safeguarding decider: (state, command, context) → events, or a DomainError.
 * Every rule of DOMAIN.md §3, §4 and §10.3 is enforced here, so the pages, the API and
 * the scenario tests all meet the same rules. Steps that need a date before the report
 * or in the future are refused; consent and capacity are recorded at A2, A7 and A10.
 */
type RoleSet = readonly (Role | 'system')[];
const WORKERS: RoleSet = ['duty_social_worker', 'team_manager', 'senior_manager'];
const MANAGERS: RoleSet = ['team_manager', 'senior_manager'];

export const ADULT_COMMAND_ROLES: Readonly<Record<AdultCaseCommandType, RoleSet>> = {
  open_case: ['system', ...WORKERS],
  allocate: MANAGERS,
  record_initial_checks: WORKERS,
  record_decision: WORKERS,
  complete_task: WORKERS,
  record_enquiry_determination: WORKERS,
  record_immediate_protection: WORKERS,
  // The lead co-ordinator (a social services worker) chairs and records strategy (a4-p3).
  record_strategy: WORKERS,
  name_lead_practitioner: MANAGERS,
  complete_investigation: WORKERS,
  offer_advocacy: WORKERS,
  record_capacity_assessment: WORKERS,
  schedule_conference: [...WORKERS, 'conference_chair'],
  postpone_conference: [...WORKERS, 'conference_chair'],
  record_agency_reports: [...WORKERS, 'conference_chair'],
  // Chaired by the lead co-ordinator, or a senior or independent chair for large-scale enquiries (a3pt2-p3).
  record_conference: [...WORKERS, 'conference_chair'],
  record_plan: WORKERS,
  add_plan_action: WORKERS,
  complete_plan_action: WORKERS,
  record_plan_review: WORKERS,
  consider_apso: WORKERS,
  // The application is made by an authorised officer of the authority (s127; SI 2015/1465).
  apply_for_apso: WORKERS,
  record_apso_outcome: WORKERS,
  record_apso_visit: WORKERS,
  close_case: WORKERS,
  record_timescale_exception: ['senior_manager'],
  add_chronology_entry: [...WORKERS, 'conference_chair'],
};

function invalid(field: string, key: string): never {
  throw new DomainError('validation', 'error.validation', { [field]: key });
}

const AFTER_DECISION: ReadonlySet<string> = new Set([
  'section126_enquiry',
  'immediate_protection',
  'strategy_pending',
  'strategy_concluded',
  'investigation',
  'conference_pending',
  'conference_concluded',
  'plan_active',
  'plan_ended',
]);
/** Where access may be obstructed and an order considered (§10.3: from the enquiries or strategy). */
const APSO_STAGES: ReadonlySet<string> = new Set(['section126_enquiry', 'immediate_protection', 'strategy_pending', 'investigation']);
// Strategy comes before immediate action where it can, without delaying it (a3pt1-p16): both orders are allowed.
const STRATEGY_STAGES: ReadonlySet<string> = new Set(['immediate_protection', 'strategy_pending', 'investigation', 'conference_pending']);
const CLOSABLE: ReadonlySet<string> = new Set(['part3_assessment', 'strategy_concluded', 'conference_concluded', 'plan_ended']);

function pendingConference(s: AdultCaseState) {
  return Object.values(s.conferences).find((c) => c.heldAt === null) ?? null;
}

/** Whether the step may be taken now, by this person, at this stage: the reason it may not, or null. */
export function adultPrecondition(s: AdultCaseState, type: AdultCaseCommandType, actor: DecisionActor): string | null {
  if (!ADULT_COMMAND_ROLES[type].includes(actor.role)) return 'error.case.role';
  if (type === 'open_case') return s.stage === null ? null : 'error.case.exists';
  if (s.stage === null) return 'error.notFound';
  if (actor.role !== 'system' && actor.organisationId !== s.localAuthorityId) return 'error.case.role';
  const closed = isAdultClosed(s.stage);
  const open = !closed;
  switch (type) {
    case 'add_chronology_entry':
      return null;
    case 'allocate':
    case 'offer_advocacy':
    case 'record_capacity_assessment':
      return open ? null : 'error.case.closed';
    case 'record_initial_checks':
      return s.stage === 'received' || s.stage === 'initial_checks' ? null : 'error.case.decisionRecorded';
    case 'record_decision':
      if (s.stage === 'received') return 'error.adult.checksFirst';
      return s.stage === 'initial_checks' ? null : 'error.case.decisionRecorded';
    case 'complete_task':
      if (closed) return 'error.case.closed';
      return Object.values(s.tasks).some((t) => !t.completedAt) ? null : 'error.case.noOpenTask';
    case 'record_enquiry_determination':
      return s.stage === 'section126_enquiry' ? null : 'error.case.noEnquiry';
    case 'record_immediate_protection':
      return AFTER_DECISION.has(s.stage) ? null : 'error.adult.noProtectionNow';
    case 'record_strategy':
      return STRATEGY_STAGES.has(s.stage) ? null : 'error.case.noStrategyDue';
    case 'name_lead_practitioner':
      return s.strategies > 0 && open ? null : 'error.adult.noStrategyYet';
    case 'complete_investigation':
      return Object.values(s.investigations).some((i) => !i.completedAt) && open ? null : 'error.adult.noOpenInvestigation';
    case 'schedule_conference':
      if (s.stage !== 'investigation' && s.stage !== 'conference_pending') return 'error.case.noConferenceDue';
      return pendingConference(s) ? 'error.case.conferenceAlreadyScheduled' : null;
    case 'postpone_conference':
    case 'record_conference':
      return pendingConference(s) && open ? null : 'error.case.noConferenceScheduled';
    case 'record_agency_reports': {
      const c = pendingConference(s);
      return c && !c.reportsReceivedAt ? null : 'error.adult.noReportsDue';
    }
    case 'record_plan':
    case 'add_plan_action':
    case 'record_plan_review':
      return s.stage === 'plan_active' ? null : 'error.adult.noPlan';
    case 'complete_plan_action':
      return open && Object.values(s.actions).some((a) => !a.completedAt) ? null : 'error.case.noOpenAction';
    case 'consider_apso':
      return APSO_STAGES.has(s.stage) && !s.apsoConsideredAt ? null : 'error.apso.notNow';
    case 'apply_for_apso':
      if (!APSO_STAGES.has(s.stage)) return 'error.apso.notNow';
      if (!s.apsoConsideredAt) return 'error.apso.considerFirst';
      return s.apso?.status === 'applied' ? 'error.apso.applicationPending' : null;
    case 'record_apso_outcome':
      if (closed) return 'error.case.closed';
      return s.apso?.status === 'applied' ? null : 'error.apso.noApplication';
    case 'record_apso_visit':
      if (closed) return 'error.case.closed';
      return s.apso?.status === 'granted' ? null : 'error.apso.noOrder';
    case 'close_case':
      return AFTER_DECISION.has(s.stage) || s.stage === 'part3_assessment' ? null : 'error.case.cannotClose';
    case 'record_timescale_exception':
      return Object.values(s.clocks).some((c) => mayTakeException(c)) ? null : 'error.case.noClockForException';
    default: {
      const unreachable: never = type;
      return unreachable;
    }
  }
}

/** Consent and a capacity assessment as one record, with the Mental Capacity Act's rules on the answers. */
export function consentAndCapacity(i: ConsentAndCapacityInput): ConsentAndCapacity {
  if (!i.capacityAssessed) {
    // Not being able to consent is a finding of a capacity assessment, so one must be recorded.
    if (i.consent === 'lacks_capacity') invalid('capacityAssessed', 'error.capacity.assessmentNeeded');
    return { consent: i.consent, capacity: null };
  }
  if (!i.capacityDecision.trim()) invalid('capacityDecision', 'error.capacityDecision.required');
  if (!i.capacityAssessedBy.trim()) invalid('capacityAssessedBy', 'error.capacityAssessedBy.required');
  if (!i.capacityOutcome) invalid('capacityOutcome', 'error.capacityOutcome.required');
  if (i.capacityOutcome === 'lacks_capacity' && !i.bestInterests.trim()) invalid('bestInterests', 'error.bestInterests.required');
  if (i.consent === 'lacks_capacity' && i.capacityOutcome !== 'lacks_capacity') invalid('consent', 'error.capacity.consentContradicts');
  return {
    consent: i.consent,
    capacity: {
      decision: i.capacityDecision.trim(),
      assessedBy: i.capacityAssessedBy.trim(),
      outcome: i.capacityOutcome,
      bestInterests: i.capacityOutcome === 'lacks_capacity' ? i.bestInterests.trim() : null,
    },
  };
}

export function decideAdultCase(s: AdultCaseState, c: AdultCaseCommand, ctx: DecisionContext): AdultCaseEvent[] {
  const blocked = adultPrecondition(s, c.type, ctx.actor);
  if (blocked === 'error.notFound') throw new DomainError('not_found', blocked);
  if (blocked === 'error.case.role') throw new DomainError('not_permitted', blocked);
  if (blocked) throw new DomainError('invalid_state', blocked);

  const { now, calendar, settings } = ctx;
  const nowIso = now.toISOString();
  const today = londonDate(now);
  const out: AdultCaseEvent[] = [];
  const clocks = clockWriter<AdultCaseEvent>(s, out, calendar, settings);

  const notFuture = (field: string, iso: string) => {
    if (Date.parse(iso) > now.getTime() + 60_000) invalid(field, 'error.case.future');
  };
  const notFutureDate = (field: string, d: IsoDate) => {
    if (d > today) invalid(field, 'error.case.future');
  };
  const notBefore = (field: string, iso: string, earliest: string | null, key: string) => {
    if (earliest && Date.parse(iso) < Date.parse(earliest)) invalid(field, key);
  };
  const text = (field: string, v: string) => {
    if (!v.trim()) invalid(field, `error.${field}.required`);
  };

  switch (c.type) {
    case 'open_case': {
      out.push({
        type: 'ReportReceived',
        reportId: c.reportId,
        concernId: c.concernId,
        personId: c.personId,
        householdId: c.householdId,
        localAuthorityId: c.localAuthorityId,
        receivedAt: c.receivedAt,
        channel: c.channel ?? 'written',
      });
      // The report is made within 24 hours of the concern being identified (T-A1), and a
      // telephone report is confirmed in writing within 24 hours (T-A2): both are met or late at receipt.
      if (c.identifiedAt && Date.parse(c.identifiedAt) <= Date.parse(c.receivedAt)) {
        clocks.start('T-A1', c.identifiedAt);
        out.push({ type: 'ClockStopped', key: 'T-A1', at: c.receivedAt, reason: 'report_made', outcome: 'met' });
      }
      if (c.channel === 'telephone' && c.verbalAt) {
        clocks.start('T-A2', c.verbalAt);
        out.push({ type: 'ClockStopped', key: 'T-A2', at: c.receivedAt, reason: 'written_confirmation', outcome: 'met' });
      }
      clocks.startAt('T-A3', c.receivedAt, deadlineFor(TIMER_RULES['T-A3'], new Date(c.receivedAt), calendar, settings));
      break;
    }
    case 'allocate':
      out.push({ type: 'CaseAllocated', workerId: c.workerId });
      break;
    case 'record_initial_checks': {
      const cc = consentAndCapacity(c);
      if (c.categories.length === 0) invalid('categories', 'error.adultCategories.required');
      if (c.othersAtRisk && !c.othersAtRiskDetails.trim()) invalid('othersAtRiskDetails', 'error.othersAtRiskDetails.required');
      if (c.policeInformed && !c.crimeSuspected) invalid('policeInformed', 'error.policeInformed.noCrime');
      out.push({
        type: 'InitialChecksRecorded',
        at: nowIso,
        consentCapacity: cc,
        crimeSuspected: c.crimeSuspected,
        policeInformed: c.policeInformed,
        othersAtRisk: c.othersAtRisk,
        othersAtRiskDetails: c.othersAtRisk ? c.othersAtRiskDetails.trim() : '',
        categories: [...new Set(c.categories)],
        summary: c.summary,
      });
      // A suspected crime is reported to the police (a2-p14, a3pt1-p4); until it is, a task stays open.
      const policeTaskOpen = Object.values(s.tasks).some((t) => !t.completedAt);
      if (c.crimeSuspected && !c.policeInformed && !policeTaskOpen) {
        out.push({ type: 'TaskCreated', taskId: `police-${s.version + 1}`, kind: 'notify_police', dueAt: nowIso });
      }
      break;
    }
    case 'record_decision':
      out.push({ type: 'DecisionRecorded', decision: c.decision, rationale: c.rationale });
      if (decisionStopsReceiptClock(c.decision)) clocks.stop('T-A3', nowIso, 'decision_recorded');
      break;
    case 'complete_task': {
      const t = s.tasks[c.taskId];
      if (!t || t.completedAt) invalid('taskId', 'error.case.task');
      out.push({ type: 'TaskCompleted', taskId: c.taskId, reference: c.reference, at: nowIso });
      break;
    }
    case 'record_enquiry_determination':
      text('rationale', c.rationale);
      out.push({ type: 'EnquiryDetermined', determination: c.determination, rationale: c.rationale, at: nowIso, determinedBy: ctx.actor.userId });
      // T-A3 is the statutory measure: enquiries concluded within 7 working days of receipt.
      clocks.stop('T-A3', nowIso, 'enquiry_concluded');
      // Strategy within 7 working days of the end of the enquiries (a3pt1-p14), also after immediate protection.
      if (c.determination === '1' || c.determination === '3') clocks.start('T-A4', nowIso);
      break;
    case 'record_immediate_protection':
      notFuture('at', c.at);
      notBefore('at', c.at, s.receivedAt, 'error.case.beforeReport');
      text('actions', c.actions);
      out.push({ type: 'ImmediateProtectionRecorded', at: c.at, actions: c.actions });
      break;
    case 'record_strategy': {
      notFuture('heldAt', c.heldAt);
      notBefore('heldAt', c.heldAt, s.enquiryConcludedAt ?? s.receivedAt, 'error.adult.beforeEnquiry');
      notBefore('heldAt', c.heldAt, s.lastStrategyAt, 'error.case.beforeLastStrategy');
      if (!c.attendees.some((a) => a.agency === 'social_services')) invalid('attendees', 'error.adult.socialServicesAttend');
      const cc = consentAndCapacity(c);
      const investigating = c.outcome === 'investigate';
      if (investigating && !c.criminalInvestigation && !c.nonCriminalInvestigation) invalid('criminalInvestigation', 'error.adult.investigationKind');
      if (c.investigationDueDate && c.investigationDueDate < londonDate(new Date(c.heldAt))) invalid('investigationDueDate', 'error.case.dueInPast');
      if (c.outcome === 'conference' && pendingConference(s)) invalid('outcome', 'error.case.conferenceAlreadyScheduled');
      if (c.outcome === 'plan' && s.stage === 'plan_active') invalid('outcome', 'error.adult.planActive');
      const first = s.strategies === 0;
      out.push({
        type: 'AdultStrategyHeld',
        strategyId: c.strategyId,
        heldAt: c.heldAt,
        format: c.format,
        chairId: c.chairId,
        attendees: c.attendees,
        consentCapacity: cc,
        outcome: c.outcome,
        interimProtection: c.interimProtection,
        leadPractitionerId: c.leadPractitionerId,
        summary: c.summary,
      });
      clocks.stop('T-A4', c.heldAt, 'strategy_held');
      // The lead practitioner is identified at the initial strategy meeting; if not, the senior manager is told at once (a4-p3).
      if (first && !c.leadPractitionerId && !s.leadPractitionerId) out.push({ type: 'SeniorManagerAlerted', reason: 'no_lead_practitioner' });
      if (investigating) {
        const kinds = [...(c.criminalInvestigation ? (['criminal'] as const) : []), ...(c.nonCriminalInvestigation ? (['non_criminal'] as const) : [])];
        kinds.forEach((kind, i) => {
          const clockKey = c.investigationDueDate ? clocks.startAt('T-A8', c.heldAt, endOfDay(c.investigationDueDate)) : null;
          out.push({
            type: 'InvestigationStarted',
            investigationId: `${c.strategyId}-${i + 1}`,
            kind,
            startedAt: c.heldAt,
            dueDate: c.investigationDueDate,
            clockKey,
          });
        });
      }
      if (c.outcome === 'plan') {
        out.push({ type: 'ProtectionPlanStarted', at: c.heldAt, by: 'strategy' });
        clocks.start('T-A6', c.heldAt);
      }
      break;
    }
    case 'name_lead_practitioner':
      out.push({ type: 'LeadPractitionerNamed', leadPractitionerId: c.leadPractitionerId });
      break;
    case 'complete_investigation': {
      const inv = s.investigations[c.investigationId];
      if (!inv || inv.completedAt) invalid('investigationId', 'error.investigationId.required');
      notFuture('completedAt', c.completedAt);
      notBefore('completedAt', c.completedAt, inv.startedAt, 'error.adult.beforeInvestigation');
      text('findings', c.findings);
      out.push({ type: 'InvestigationCompleted', investigationId: c.investigationId, completedAt: c.completedAt, findings: c.findings });
      if (inv.clockKey) clocks.stopKey(inv.clockKey, c.completedAt, 'investigation_completed');
      break;
    }
    case 'offer_advocacy':
      notFutureDate('offeredOn', c.offeredOn);
      if (c.accepted && !c.advocate.trim()) invalid('advocate', 'error.advocate.required');
      out.push({ type: 'AdvocacyOffered', kind: c.kind, offeredOn: c.offeredOn, accepted: c.accepted, advocate: c.advocate.trim() });
      break;
    case 'record_capacity_assessment':
      notFutureDate('on', c.on);
      if (c.outcome === 'lacks_capacity' && !c.bestInterests.trim()) invalid('bestInterests', 'error.bestInterests.required');
      out.push({
        type: 'CapacityAssessed',
        point: 'other',
        on: c.on,
        decision: c.decision,
        assessedBy: c.assessedBy,
        outcome: c.outcome,
        bestInterests: c.outcome === 'lacks_capacity' ? c.bestInterests.trim() : null,
      });
      break;
    case 'schedule_conference': {
      notBefore('scheduledFor', c.scheduledFor, nowIso, 'error.conference.scheduledInPast');
      out.push({ type: 'AdultConferenceScheduled', conferenceId: c.conferenceId, scheduledFor: c.scheduledFor, invitees: c.invitees });
      startReportsClock(c.scheduledFor);
      break;
    }
    case 'postpone_conference': {
      const p = pendingConference(s);
      if (!p || p.id !== c.conferenceId) invalid('conferenceId', 'error.conference.unknown');
      if (c.scheduledFor <= p.scheduledFor) invalid('scheduledFor', 'error.conference.postponeLater');
      text('reason', c.reason);
      out.push({ type: 'AdultConferencePostponed', conferenceId: p.id, scheduledFor: c.scheduledFor, reason: c.reason });
      if (!p.reportsReceivedAt) {
        clocks.stop('T-A5', nowIso, 'conference_postponed', 'ended');
        startReportsClock(c.scheduledFor);
      }
      break;
    }
    case 'record_agency_reports': {
      const p = pendingConference(s);
      if (!p || p.id !== c.conferenceId) invalid('conferenceId', 'error.conference.unknown');
      notFuture('receivedAt', c.receivedAt);
      if (c.agencies.length === 0) invalid('agencies', 'error.agencies.required');
      out.push({ type: 'AgencyReportsReceived', conferenceId: p.id, agencies: c.agencies, receivedAt: c.receivedAt });
      clocks.stop('T-A5', c.receivedAt, 'reports_received');
      break;
    }
    case 'record_conference': {
      const p = pendingConference(s);
      if (!p || p.id !== c.conferenceId) invalid('conferenceId', 'error.conference.unknown');
      notFuture('heldAt', c.heldAt);
      notBefore('heldAt', c.heldAt, s.lastStrategyAt, 'error.conference.beforeStrategy');
      if (!c.attendees.some((a) => a.agency === 'social_services')) invalid('attendees', 'error.adult.socialServicesAttend');
      // The adult takes part with support: advocacy is offered before the conference (INFERRED from a3pt2-p3).
      if (s.advocacy.length === 0) invalid('advocatePresent', 'error.adult.advocacyFirst');
      text('rationale', c.rationale);
      out.push({
        type: 'AdultConferenceHeld',
        conferenceId: p.id,
        heldAt: c.heldAt,
        attendees: c.attendees,
        apologies: c.apologies,
        writtenContributions: c.writtenContributions,
        adultAttended: c.adultAttended,
        advocatePresent: c.advocatePresent,
        outcome: c.outcome,
        rationale: c.rationale,
      });
      clocks.stop('T-A5', c.heldAt, 'conference_held_without_reports', 'missed');
      if (c.outcome === 'protection_plan') {
        out.push({ type: 'ProtectionPlanStarted', at: c.heldAt, by: 'conference' });
        clocks.stop('T-A6', c.heldAt, 'new_plan', 'ended');
        clocks.start('T-A6', c.heldAt);
      }
      break;
    }
    case 'record_plan': {
      const cc = consentAndCapacity(c);
      text('outcomes', c.outcomes);
      out.push({ type: 'AdultPlanRecorded', at: nowIso, outcomes: c.outcomes, contingency: c.contingency, consentCapacity: cc });
      break;
    }
    case 'add_plan_action':
      if (c.dueDate < today) invalid('dueDate', 'error.case.dueInPast');
      out.push({ type: 'PlanActionAdded', actionId: c.actionId, description: c.description, owner: c.owner, dueDate: c.dueDate });
      break;
    case 'complete_plan_action': {
      const a = s.actions[c.actionId];
      if (!a || a.completedAt) invalid('actionId', 'error.case.action');
      out.push({ type: 'PlanActionCompleted', actionId: c.actionId, at: nowIso });
      break;
    }
    case 'record_plan_review': {
      notFuture('heldAt', c.heldAt);
      notBefore('heldAt', c.heldAt, s.lastReviewAt ?? s.planStartedAt, 'error.adult.beforeLastReview');
      if (!s.plan) invalid('outcome', 'error.adult.recordPlanFirst');
      const cc = consentAndCapacity(c);
      text('summary', c.summary);
      out.push({ type: 'PlanReviewed', heldAt: c.heldAt, consentCapacity: cc, outcome: c.outcome, summary: c.summary });
      clocks.stop('T-A6', c.heldAt, 'review_held');
      if (c.outcome === 'continue') clocks.start('T-A6', c.heldAt);
      break;
    }
    case 'consider_apso':
      text('reason', c.reason);
      out.push({ type: 'ApsoConsidered', at: nowIso, reason: c.reason });
      break;
    case 'apply_for_apso': {
      // The case holds one order: a new application while one is in force would drop it (and the closure guard with it).
      if (apsoInForce(s, now)) invalid('appliedOn', 'error.apso.orderInForce');
      notFutureDate('appliedOn', c.appliedOn);
      if (c.hearingOn < c.appliedOn) invalid('hearingOn', 'error.apso.hearingBeforeApplication');
      for (const f of ['court', 'premises', 'reasons', 'evidence'] as const) text(f, c[f]);
      // s127(4): every ground must be met.
      if (!APSO_GROUNDS.every((g) => c.grounds.includes(g))) invalid('grounds', 'error.apso.allGrounds');
      out.push({
        type: 'ApsoApplied',
        applicationId: c.applicationId,
        authorisedOfficerId: c.authorisedOfficerId,
        appliedOn: c.appliedOn,
        court: c.court,
        hearingOn: c.hearingOn,
        premises: c.premises,
        reasons: c.reasons,
        evidence: c.evidence,
        grounds: [...APSO_GROUNDS],
      });
      break;
    }
    case 'record_apso_outcome': {
      const app = s.apso!;
      notFutureDate('decidedOn', c.decidedOn);
      if (c.decidedOn < app.appliedOn) invalid('decidedOn', 'error.apso.decidedBeforeApplication');
      if (c.outcome === 'refused') {
        text('reason', c.reason);
        out.push({ type: 'ApsoRefused', applicationId: app.applicationId, decidedOn: c.decidedOn, reason: c.reason });
        break;
      }
      if (!c.orderStart) invalid('orderStart', 'error.orderStart.required');
      if (!c.orderEnd) invalid('orderEnd', 'error.orderEnd.required');
      const start = Date.parse(c.orderStart);
      const end = Date.parse(c.orderEnd);
      if (londonDate(new Date(start)) < c.decidedOn) invalid('orderStart', 'error.apso.startBeforeDecision');
      if (end <= start) invalid('orderEnd', 'error.apso.endBeforeStart');
      // The order specifies the period it is in force (s127(5)(c)), at most the statutory maximum.
      // (An hour's allowance keeps a period across a clock change within the maximum.)
      if (end - start > settings.apsoMaximumDays * 86_400_000 + 3_600_000) invalid('orderEnd', 'error.apso.tooLong');
      out.push({
        type: 'ApsoGranted',
        applicationId: app.applicationId,
        decidedOn: c.decidedOn,
        orderStart: new Date(start).toISOString(),
        orderEnd: new Date(end).toISOString(),
        premises: app.premises,
        specifiedPersons: c.specifiedPersons,
        conditions: c.conditions,
      });
      clocks.startAt('T-APSO', new Date(start).toISOString(), dueAtInstant(new Date(end)));
      break;
    }
    case 'record_apso_visit': {
      const o = s.apso!;
      notFuture('visitedAt', c.visitedAt);
      const at = Date.parse(c.visitedAt);
      if (at < Date.parse(o.orderStart!)) invalid('visitedAt', 'error.apso.beforeOrder');
      // Once the order has expired it gives no power of entry (s127; DOMAIN.md §4 hard guard).
      if (at >= Date.parse(o.orderEnd!)) invalid('visitedAt', 'error.apso.expired');
      text('outcome', c.outcome);
      out.push({
        type: 'ApsoVisitMade',
        applicationId: o.applicationId,
        visitedAt: c.visitedAt,
        spokeInPrivate: c.spokeInPrivate,
        decisionsMadeFreely: c.decisionsMadeFreely,
        outcome: c.outcome,
      });
      clocks.stop('T-APSO', c.visitedAt, 'order_used');
      break;
    }
    case 'close_case': {
      text('rationale', c.rationale);
      let cc: ConsentAndCapacity | null = null;
      if (c.route === 'adult_disengaged') {
        // The adult stops engaging: a separate route (a4-p7), with what was done and the adult's capacity to choose.
        text('disengagement', c.disengagement);
        if (!c.consent) invalid('consent', 'error.consent.required');
        cc = consentAndCapacity({
          consent: c.consent,
          capacityAssessed: c.capacityAssessed ?? false,
          capacityDecision: c.capacityDecision ?? '',
          capacityAssessedBy: c.capacityAssessedBy ?? '',
          capacityOutcome: c.capacityOutcome ?? null,
          bestInterests: c.bestInterests ?? '',
        });
        if (cc.capacity?.outcome === 'lacks_capacity' || cc.consent === 'lacks_capacity') invalid('capacityOutcome', 'error.closure.lacksCapacity');
      } else if (!CLOSABLE.has(s.stage!)) {
        invalid('route', 'error.closure.notYet');
      }
      if (apsoInForce(s, now)) invalid('route', 'error.closure.orderInForce');
      out.push({
        type: 'AdultCaseClosed',
        at: nowIso,
        route: c.route,
        rationale: c.rationale,
        agenciesNotified: c.agenciesNotified,
        disengagement: c.route === 'adult_disengaged' ? c.disengagement : null,
        consentCapacity: cc,
      });
      for (const k of running(s)) out.push({ type: 'ClockStopped', key: k.key, at: nowIso, reason: 'case_closed', outcome: 'ended' });
      break;
    }
    case 'record_timescale_exception': {
      const k = s.clocks[c.clockKey];
      if (!k || !mayTakeException(k)) invalid('clockKey', 'error.exception.clock');
      text('reason', c.reason);
      out.push({ type: 'TimescaleExceptionRecorded', clockKey: k.key, reason: c.reason, approvedBy: ctx.actor.userId });
      break;
    }
    case 'add_chronology_entry':
      notFutureDate('occurredOn', c.occurredOn);
      out.push({ type: 'ChronologyEntryAdded', entryId: c.entryId, occurredOn: c.occurredOn, summary: c.summary, significant: c.significant });
      break;
    default: {
      const unreachable: never = c;
      return unreachable;
    }
  }
  return out;

  /** T-A5: agency reports reach the chair 2 working days before the conference (a3pt2-p4). */
  function startReportsClock(scheduledFor: string) {
    const due = workingDaysBefore(londonDate(new Date(scheduledFor)), 2, calendar);
    clocks.startAt('T-A5', nowIso, endOfDay(due));
  }
}

/** Steps this person may take now. */
export function allowedAdultCommands<T extends AdultCaseCommandType>(s: AdultCaseState, actor: DecisionActor, candidates: readonly T[]): T[] {
  return candidates.filter((t) => adultPrecondition(s, t, actor) === null);
}
