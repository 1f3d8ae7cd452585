import { londonDate, type IsoDate } from '../calendar/working-days.js';
import type { AdultDecision } from '../decisions.js';
import { EMPTY_CLOCK_BOOK, evolveClocks, isClockEvent, type ClockBook, type ClockEvent } from './clocks.js';
import type { Agency, Attendee } from './vocabulary.js';
import type {
  AdultAbuseCategory,
  AdultClosureRoute,
  AdultDetermination,
  AdultStage,
  AdultStrategyOutcome,
  AdvocacyKind,
  ApcOutcome,
  ApsoGround,
  CapacityOutcome,
  CapacityPoint,
  ConsentPosition,
  FreeDecisionFinding,
  InvestigationKind,
  PlanReviewOutcome,
} from './adult-vocabulary.js';

/**
 * An adult's case (DOMAIN.md §3, §4, §10.3) as events, commands and the state folded
 * from them. The decider (adult-protection.decider.ts) holds every rule.
 */

/** Consent and a Mental Capacity Act assessment, as recorded at A2, A7, A10 and closure. */
export interface ConsentAndCapacity {
  consent: ConsentPosition;
  capacity: null | { decision: string; assessedBy: string; outcome: CapacityOutcome; bestInterests: string | null };
}

/** The same answers as a form sends them (flat), validated by the decider. */
export interface ConsentAndCapacityInput {
  consent: ConsentPosition;
  capacityAssessed: boolean;
  capacityDecision: string;
  capacityAssessedBy: string;
  capacityOutcome: CapacityOutcome | null;
  bestInterests: string;
}

export type AdultCaseEvent =
  | ClockEvent
  | {
      type: 'ReportReceived';
      reportId: string;
      concernId: string;
      personId: string;
      householdId: string;
      localAuthorityId: string;
      receivedAt: string;
      channel?: 'written' | 'telephone';
    }
  | { type: 'CaseAllocated'; workerId: string }
  | {
      type: 'InitialChecksRecorded';
      at: string;
      consentCapacity: ConsentAndCapacity;
      crimeSuspected: boolean;
      policeInformed: boolean;
      othersAtRisk: boolean;
      othersAtRiskDetails: string;
      categories: AdultAbuseCategory[];
      summary: string;
    }
  | { type: 'DecisionRecorded'; decision: AdultDecision; rationale: string }
  | { type: 'TaskCreated'; taskId: string; kind: 'notify_police'; dueAt: string }
  | { type: 'TaskCompleted'; taskId: string; reference: string; at: string }
  | { type: 'EnquiryDetermined'; determination: AdultDetermination; rationale: string; at: string; determinedBy: string }
  | { type: 'ImmediateProtectionRecorded'; at: string; actions: string }
  | {
      type: 'AdultStrategyHeld';
      strategyId: string;
      heldAt: string;
      format: 'discussion' | 'meeting';
      chairId: string;
      attendees: Attendee[];
      consentCapacity: ConsentAndCapacity;
      outcome: AdultStrategyOutcome;
      interimProtection: string;
      leadPractitionerId: string | null;
      summary: string;
    }
  | { type: 'LeadPractitionerNamed'; leadPractitionerId: string }
  | { type: 'SeniorManagerAlerted'; reason: 'no_lead_practitioner' }
  | { type: 'InvestigationStarted'; investigationId: string; kind: InvestigationKind; startedAt: string; dueDate: IsoDate | null; clockKey: string | null }
  | { type: 'InvestigationCompleted'; investigationId: string; completedAt: string; findings: string }
  | { type: 'AdvocacyOffered'; kind: AdvocacyKind; offeredOn: IsoDate; accepted: boolean; advocate: string }
  | {
      type: 'CapacityAssessed';
      point: CapacityPoint;
      on: IsoDate;
      decision: string;
      assessedBy: string;
      outcome: CapacityOutcome;
      bestInterests: string | null;
    }
  | { type: 'AdultConferenceScheduled'; conferenceId: string; scheduledFor: string; invitees: Attendee[] }
  | { type: 'AdultConferencePostponed'; conferenceId: string; scheduledFor: string; reason: string }
  | { type: 'AgencyReportsReceived'; conferenceId: string; agencies: Agency[]; receivedAt: string }
  | {
      type: 'AdultConferenceHeld';
      conferenceId: string;
      heldAt: string;
      attendees: Attendee[];
      apologies: Agency[];
      writtenContributions: Agency[];
      adultAttended: boolean;
      advocatePresent: boolean;
      outcome: ApcOutcome;
      rationale: string;
    }
  | { type: 'ProtectionPlanStarted'; at: string; by: 'strategy' | 'conference' }
  | { type: 'AdultPlanRecorded'; at: string; outcomes: string; contingency: string; consentCapacity: ConsentAndCapacity }
  | { type: 'PlanActionAdded'; actionId: string; description: string; owner: string; dueDate: IsoDate }
  | { type: 'PlanActionCompleted'; actionId: string; at: string }
  | { type: 'PlanReviewed'; heldAt: string; consentCapacity: ConsentAndCapacity; outcome: PlanReviewOutcome; summary: string }
  | { type: 'ApsoConsidered'; at: string; reason: string }
  | {
      type: 'ApsoApplied';
      applicationId: string;
      authorisedOfficerId: string;
      appliedOn: IsoDate;
      court: string;
      hearingOn: IsoDate;
      premises: string;
      reasons: string;
      evidence: string;
      grounds: ApsoGround[];
    }
  | { type: 'ApsoGranted'; applicationId: string; decidedOn: IsoDate; orderStart: string; orderEnd: string; premises: string; specifiedPersons: string; conditions: string }
  | { type: 'ApsoRefused'; applicationId: string; decidedOn: IsoDate; reason: string }
  | { type: 'ApsoVisitMade'; applicationId: string; visitedAt: string; spokeInPrivate: boolean; decisionsMadeFreely: FreeDecisionFinding; outcome: string }
  | {
      type: 'AdultCaseClosed';
      at: string;
      route: AdultClosureRoute;
      rationale: string;
      agenciesNotified: Agency[];
      disengagement: string | null;
      consentCapacity: ConsentAndCapacity | null;
    }
  | { type: 'ChronologyEntryAdded'; entryId: string; occurredOn: IsoDate; summary: string; significant: boolean };

export type AdultCaseEventType = AdultCaseEvent['type'];

export type AdultCaseCommand =
  | {
      type: 'open_case';
      reportId: string;
      concernId: string;
      personId: string;
      householdId: string;
      localAuthorityId: string;
      receivedAt: string;
      channel?: 'written' | 'telephone';
      verbalAt?: string | null;
      identifiedAt?: string | null;
    }
  | { type: 'allocate'; workerId: string }
  | ({
      type: 'record_initial_checks';
      crimeSuspected: boolean;
      policeInformed: boolean;
      othersAtRisk: boolean;
      othersAtRiskDetails: string;
      categories: AdultAbuseCategory[];
      summary: string;
    } & ConsentAndCapacityInput)
  | { type: 'record_decision'; decision: AdultDecision; rationale: string }
  | { type: 'complete_task'; taskId: string; reference: string }
  | { type: 'record_enquiry_determination'; determination: AdultDetermination; rationale: string }
  | { type: 'record_immediate_protection'; at: string; actions: string }
  | ({
      type: 'record_strategy';
      strategyId: string;
      heldAt: string;
      format: 'discussion' | 'meeting';
      chairId: string;
      attendees: Attendee[];
      outcome: AdultStrategyOutcome;
      criminalInvestigation: boolean;
      nonCriminalInvestigation: boolean;
      investigationDueDate: IsoDate | null;
      interimProtection: string;
      leadPractitionerId: string | null;
      summary: string;
    } & ConsentAndCapacityInput)
  | { type: 'name_lead_practitioner'; leadPractitionerId: string }
  | { type: 'complete_investigation'; investigationId: string; completedAt: string; findings: string }
  | { type: 'offer_advocacy'; kind: AdvocacyKind; offeredOn: IsoDate; accepted: boolean; advocate: string }
  | { type: 'record_capacity_assessment'; on: IsoDate; decision: string; assessedBy: string; outcome: CapacityOutcome; bestInterests: string }
  | { type: 'schedule_conference'; conferenceId: string; scheduledFor: string; invitees: Attendee[] }
  | { type: 'postpone_conference'; conferenceId: string; scheduledFor: string; reason: string }
  | { type: 'record_agency_reports'; conferenceId: string; agencies: Agency[]; receivedAt: string }
  | {
      type: 'record_conference';
      conferenceId: string;
      heldAt: string;
      attendees: Attendee[];
      apologies: Agency[];
      writtenContributions: Agency[];
      adultAttended: boolean;
      advocatePresent: boolean;
      outcome: ApcOutcome;
      rationale: string;
    }
  | ({ type: 'record_plan'; outcomes: string; contingency: string } & ConsentAndCapacityInput)
  | { type: 'add_plan_action'; actionId: string; description: string; owner: string; dueDate: IsoDate }
  | { type: 'complete_plan_action'; actionId: string }
  | ({ type: 'record_plan_review'; heldAt: string; outcome: PlanReviewOutcome; summary: string } & ConsentAndCapacityInput)
  | { type: 'consider_apso'; reason: string }
  | {
      type: 'apply_for_apso';
      applicationId: string;
      authorisedOfficerId: string;
      appliedOn: IsoDate;
      court: string;
      hearingOn: IsoDate;
      premises: string;
      reasons: string;
      evidence: string;
      grounds: ApsoGround[];
    }
  | {
      type: 'record_apso_outcome';
      outcome: 'granted' | 'refused';
      decidedOn: IsoDate;
      orderStart: string | null;
      orderEnd: string | null;
      specifiedPersons: string;
      conditions: string;
      reason: string;
    }
  | { type: 'record_apso_visit'; visitedAt: string; spokeInPrivate: boolean; decisionsMadeFreely: FreeDecisionFinding; outcome: string }
  | ({
      type: 'close_case';
      route: AdultClosureRoute;
      rationale: string;
      agenciesNotified: Agency[];
      disengagement: string;
    } & Partial<ConsentAndCapacityInput>)
  | { type: 'record_timescale_exception'; clockKey: string; reason: string }
  | { type: 'add_chronology_entry'; entryId: string; occurredOn: IsoDate; summary: string; significant: boolean };

export type AdultCaseCommandType = AdultCaseCommand['type'];

/** Steps people choose from an adult's case page (open_case is issued by the service). */
export const ADULT_CASE_COMMAND_TYPES = [
  'allocate',
  'record_initial_checks',
  'record_decision',
  'complete_task',
  'record_enquiry_determination',
  'record_immediate_protection',
  'record_strategy',
  'name_lead_practitioner',
  'complete_investigation',
  'offer_advocacy',
  'record_capacity_assessment',
  'schedule_conference',
  'postpone_conference',
  'record_agency_reports',
  'record_conference',
  'record_plan',
  'add_plan_action',
  'complete_plan_action',
  'record_plan_review',
  'consider_apso',
  'apply_for_apso',
  'record_apso_outcome',
  'record_apso_visit',
  'close_case',
  'record_timescale_exception',
  'add_chronology_entry',
] as const satisfies readonly AdultCaseCommandType[];
export type AdultUserCommandType = (typeof ADULT_CASE_COMMAND_TYPES)[number];

export interface AdultConference {
  id: string;
  scheduledFor: string;
  heldAt: string | null;
  reportsReceivedAt: string | null;
}

export interface ApsoRecord {
  applicationId: string;
  status: 'applied' | 'granted' | 'refused';
  authorisedOfficerId: string;
  appliedOn: IsoDate;
  court: string;
  hearingOn: IsoDate;
  premises: string;
  decidedOn: IsoDate | null;
  orderStart: string | null;
  orderEnd: string | null;
  specifiedPersons: string;
  conditions: string;
  refusalReason: string | null;
  visits: number;
}

export interface AdultCaseState extends ClockBook {
  version: number;
  stage: AdultStage | null;
  localAuthorityId: string | null;
  householdId: string | null;
  receivedAt: string | null;
  allocatedTo: string | null;
  leadPractitionerId: string | null;
  decision: AdultDecision | null;
  initialChecksAt: string | null;
  consent: ConsentPosition | null;
  categories: AdultAbuseCategory[];
  crimeSuspected: boolean;
  /** The rest of the initial checks (a3pt1-p4), as the case page shows them. */
  policeInformed: boolean;
  othersAtRisk: boolean;
  othersAtRiskDetails: string;
  determination: AdultDetermination | null;
  enquiryConcludedAt: string | null;
  immediateProtectionAt: string | null;
  strategies: number;
  lastStrategyAt: string | null;
  investigations: Record<string, { kind: InvestigationKind; startedAt: string; dueDate: IsoDate | null; clockKey: string | null; completedAt: string | null }>;
  conferences: Record<string, AdultConference>;
  lastConferenceAt: string | null;
  plan: { outcomes: string; contingency: string } | null;
  planStartedAt: string | null;
  lastReviewAt: string | null;
  reviews: number;
  actions: Record<string, { description: string; owner: string; dueDate: IsoDate; completedAt: string | null }>;
  advocacy: { kind: AdvocacyKind; offeredOn: IsoDate; accepted: boolean; advocate: string }[];
  capacity: { point: CapacityPoint; on: IsoDate; decision: string; assessedBy: string; outcome: CapacityOutcome; bestInterests: string | null }[];
  apsoConsideredAt: string | null;
  apso: ApsoRecord | null;
  apsoApplications: number;
  tasks: Record<string, { kind: 'notify_police'; completedAt: string | null; reference: string | null }>;
  closure: { route: AdultClosureRoute; rationale: string } | null;
}

export const INITIAL_ADULT_CASE_STATE: AdultCaseState = Object.freeze({
  ...EMPTY_CLOCK_BOOK,
  version: 0,
  stage: null,
  localAuthorityId: null,
  householdId: null,
  receivedAt: null,
  allocatedTo: null,
  leadPractitionerId: null,
  decision: null,
  initialChecksAt: null,
  consent: null,
  categories: [],
  crimeSuspected: false,
  policeInformed: false,
  othersAtRisk: false,
  othersAtRiskDetails: '',
  determination: null,
  enquiryConcludedAt: null,
  immediateProtectionAt: null,
  strategies: 0,
  lastStrategyAt: null,
  investigations: {},
  conferences: {},
  lastConferenceAt: null,
  plan: null,
  planStartedAt: null,
  lastReviewAt: null,
  reviews: 0,
  actions: {},
  advocacy: [],
  capacity: [],
  apsoConsideredAt: null,
  apso: null,
  apsoApplications: 0,
  tasks: {},
  closure: null,
}) as AdultCaseState;

const DECISION_STAGE: Record<AdultDecision, AdultStage> = {
  nfa_no_abuse: 'closed_nfa',
  nfa_not_abuse_or_neglect: 'closed_nfa',
  nfa_one_off_low_risk: 'closed_nfa',
  part3_assessment: 'part3_assessment',
  section126_enquiries: 'section126_enquiry',
};

const DETERMINATION_STAGE: Record<AdultDetermination, AdultStage> = {
  '1': 'immediate_protection',
  '2': 'part3_assessment',
  '3': 'strategy_pending',
  nfa: 'closed_nfa',
};

const STRATEGY_STAGE: Record<AdultStrategyOutcome, AdultStage> = {
  investigate: 'investigation',
  conference: 'conference_pending',
  plan: 'plan_active',
  no_further_action: 'strategy_concluded',
};

function capacityEntry(point: CapacityPoint, at: string, cc: ConsentAndCapacity) {
  return cc.capacity ? [{ point, on: londonDate(new Date(at)), ...cc.capacity }] : [];
}

export function evolveAdultCase(s: AdultCaseState, e: AdultCaseEvent): AdultCaseState {
  const next = { ...s, version: s.version + 1 };
  if (isClockEvent(e)) {
    const book = evolveClocks(s, e);
    return { ...next, clocks: book.clocks, clockCounts: book.clockCounts };
  }
  switch (e.type) {
    case 'ReportReceived':
      return { ...next, stage: 'received', localAuthorityId: e.localAuthorityId, householdId: e.householdId, receivedAt: e.receivedAt };
    case 'CaseAllocated':
      return { ...next, allocatedTo: e.workerId };
    case 'InitialChecksRecorded':
      return {
        ...next,
        stage: s.stage === 'received' ? 'initial_checks' : s.stage,
        initialChecksAt: e.at,
        consent: e.consentCapacity.consent,
        categories: e.categories,
        crimeSuspected: e.crimeSuspected,
        policeInformed: e.policeInformed,
        othersAtRisk: e.othersAtRisk,
        othersAtRiskDetails: e.othersAtRiskDetails,
        capacity: [...s.capacity, ...capacityEntry('initial_checks', e.at, e.consentCapacity)],
      };
    case 'DecisionRecorded':
      return { ...next, decision: e.decision, stage: DECISION_STAGE[e.decision] };
    case 'TaskCreated':
      return { ...next, tasks: { ...s.tasks, [e.taskId]: { kind: e.kind, completedAt: null, reference: null } } };
    case 'TaskCompleted': {
      const t = s.tasks[e.taskId];
      return t ? { ...next, tasks: { ...s.tasks, [e.taskId]: { ...t, completedAt: e.at, reference: e.reference } } } : next;
    }
    case 'EnquiryDetermined':
      return { ...next, determination: e.determination, enquiryConcludedAt: e.at, stage: DETERMINATION_STAGE[e.determination] };
    case 'ImmediateProtectionRecorded':
      return { ...next, immediateProtectionAt: e.at, stage: s.stage === 'immediate_protection' ? 'strategy_pending' : s.stage };
    case 'AdultStrategyHeld':
      return {
        ...next,
        stage: STRATEGY_STAGE[e.outcome],
        strategies: s.strategies + 1,
        lastStrategyAt: e.heldAt,
        leadPractitionerId: e.leadPractitionerId ?? s.leadPractitionerId,
        consent: e.consentCapacity.consent,
        capacity: [...s.capacity, ...capacityEntry('strategy', e.heldAt, e.consentCapacity)],
      };
    case 'LeadPractitionerNamed':
      return { ...next, leadPractitionerId: e.leadPractitionerId };
    case 'SeniorManagerAlerted':
      return next;
    case 'InvestigationStarted':
      return {
        ...next,
        investigations: {
          ...s.investigations,
          [e.investigationId]: { kind: e.kind, startedAt: e.startedAt, dueDate: e.dueDate, clockKey: e.clockKey, completedAt: null },
        },
      };
    case 'InvestigationCompleted': {
      const inv = s.investigations[e.investigationId];
      if (!inv) return next;
      const investigations = { ...s.investigations, [e.investigationId]: { ...inv, completedAt: e.completedAt } };
      const allDone = Object.values(investigations).every((i) => i.completedAt !== null);
      return { ...next, investigations, stage: s.stage === 'investigation' && allDone ? 'conference_pending' : s.stage };
    }
    case 'AdvocacyOffered':
      return { ...next, advocacy: [...s.advocacy, { kind: e.kind, offeredOn: e.offeredOn, accepted: e.accepted, advocate: e.advocate }] };
    case 'CapacityAssessed':
      return {
        ...next,
        capacity: [...s.capacity, { point: e.point, on: e.on, decision: e.decision, assessedBy: e.assessedBy, outcome: e.outcome, bestInterests: e.bestInterests }],
      };
    case 'AdultConferenceScheduled':
      return {
        ...next,
        conferences: { ...s.conferences, [e.conferenceId]: { id: e.conferenceId, scheduledFor: e.scheduledFor, heldAt: null, reportsReceivedAt: null } },
      };
    case 'AdultConferencePostponed': {
      const c = s.conferences[e.conferenceId];
      return c ? { ...next, conferences: { ...s.conferences, [c.id]: { ...c, scheduledFor: e.scheduledFor } } } : next;
    }
    case 'AgencyReportsReceived': {
      const c = s.conferences[e.conferenceId];
      return c ? { ...next, conferences: { ...s.conferences, [c.id]: { ...c, reportsReceivedAt: e.receivedAt } } } : next;
    }
    case 'AdultConferenceHeld': {
      const c = s.conferences[e.conferenceId];
      return {
        ...next,
        conferences: c ? { ...s.conferences, [c.id]: { ...c, heldAt: e.heldAt } } : s.conferences,
        lastConferenceAt: e.heldAt,
        stage: e.outcome === 'protection_plan' ? 'plan_active' : 'conference_concluded',
      };
    }
    case 'ProtectionPlanStarted':
      return { ...next, planStartedAt: e.at, stage: 'plan_active' };
    case 'AdultPlanRecorded':
      return {
        ...next,
        plan: { outcomes: e.outcomes, contingency: e.contingency },
        consent: e.consentCapacity.consent,
        capacity: [...s.capacity, ...capacityEntry('plan', e.at, e.consentCapacity)],
      };
    case 'PlanActionAdded':
      return {
        ...next,
        actions: { ...s.actions, [e.actionId]: { description: e.description, owner: e.owner, dueDate: e.dueDate, completedAt: null } },
      };
    case 'PlanActionCompleted': {
      const a = s.actions[e.actionId];
      return a ? { ...next, actions: { ...s.actions, [e.actionId]: { ...a, completedAt: e.at } } } : next;
    }
    case 'PlanReviewed':
      return {
        ...next,
        lastReviewAt: e.heldAt,
        reviews: s.reviews + 1,
        stage: e.outcome === 'end_plan' ? 'plan_ended' : s.stage,
        consent: e.consentCapacity.consent,
        capacity: [...s.capacity, ...capacityEntry('plan_review', e.heldAt, e.consentCapacity)],
      };
    case 'ApsoConsidered':
      return { ...next, apsoConsideredAt: e.at };
    case 'ApsoApplied':
      return {
        ...next,
        apsoApplications: s.apsoApplications + 1,
        apso: {
          applicationId: e.applicationId,
          status: 'applied',
          authorisedOfficerId: e.authorisedOfficerId,
          appliedOn: e.appliedOn,
          court: e.court,
          hearingOn: e.hearingOn,
          premises: e.premises,
          decidedOn: null,
          orderStart: null,
          orderEnd: null,
          specifiedPersons: '',
          conditions: '',
          refusalReason: null,
          visits: 0,
        },
      };
    case 'ApsoGranted':
      return s.apso
        ? {
            ...next,
            apso: {
              ...s.apso,
              status: 'granted',
              decidedOn: e.decidedOn,
              orderStart: e.orderStart,
              orderEnd: e.orderEnd,
              premises: e.premises,
              specifiedPersons: e.specifiedPersons,
              conditions: e.conditions,
            },
          }
        : next;
    case 'ApsoRefused':
      return s.apso ? { ...next, apso: { ...s.apso, status: 'refused', decidedOn: e.decidedOn, refusalReason: e.reason } } : next;
    case 'ApsoVisitMade':
      return s.apso ? { ...next, apso: { ...s.apso, visits: s.apso.visits + 1 } } : next;
    case 'AdultCaseClosed':
      return {
        ...next,
        stage: 'closed',
        closure: { route: e.route, rationale: e.rationale },
        capacity: e.consentCapacity ? [...s.capacity, ...capacityEntry('closure', e.at, e.consentCapacity)] : s.capacity,
      };
    case 'ChronologyEntryAdded':
      return next;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

export function foldAdultCase(events: readonly AdultCaseEvent[]): AdultCaseState {
  return events.reduce(evolveAdultCase, INITIAL_ADULT_CASE_STATE);
}

export function isAdultClosed(stage: AdultStage | null): boolean {
  return stage === 'closed' || stage === 'closed_nfa';
}

/** Whether an order has been made and is still in force at `now` (s127: it cannot be used after it expires). */
export function apsoInForce(s: AdultCaseState, now: Date): boolean {
  return s.apso?.status === 'granted' && s.apso.orderEnd !== null && now.getTime() < Date.parse(s.apso.orderEnd);
}
