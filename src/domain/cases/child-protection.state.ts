import type { IsoDate } from '../calendar/working-days.js';
import type { ChildDecision } from '../decisions.js';
import type { TimerId } from '../timers.js';
import type { ChildCaseEvent } from './child-protection.events.js';
import type {
  ChildStage,
  ConferenceKind,
  ImmediateProtectionPower,
  RegistrationCategory,
  TaskKind,
} from './vocabulary.js';

export interface ClockRecord {
  key: string;
  timerId: TimerId;
  startedAt: string;
  dueAt: string;
  dueDate: IsoDate;
  stoppedAt: string | null;
  stopReason: string | null;
  outcome: 'met' | 'missed' | 'ended' | null;
  pausedAt: string | null;
  pauseReason: string | null;
  exception: { reason: string; approvedBy: string } | null;
}

export interface ConferenceRecord {
  id: string;
  kind: ConferenceKind;
  scheduledFor: string;
  heldAt: string | null;
  recordsCirculatedAt: string | null;
  householdCaseIds: string[];
}

export interface ChildCaseState {
  version: number;
  stage: ChildStage | null;
  localAuthorityId: string | null;
  householdId: string | null;
  unborn: boolean;
  dateOfBirth: IsoDate | null;
  expectedDueDate: IsoDate | null;
  receivedAt: string | null;
  allocatedTo: string | null;
  decision: ChildDecision | null;
  immediateProtection: { power: ImmediateProtectionPower; startedAt: string; extended: boolean } | null;
  lastStrategyAt: string | null;
  section47: { enquiry: 'single' | 'joint'; startedAt: string } | null;
  continuingAssessmentCompletedAt: string | null;
  determination: 1 | 2 | 3 | null;
  determinedBy: string | null;
  conferences: Record<string, ConferenceRecord>;
  lastConferenceAt: string | null;
  registration: {
    categories: RegistrationCategory[];
    registeredAt: string;
    coordinatorId: string | null;
    nextReviewDue: IsoDate;
    reviews: number;
  } | null;
  everRegistered: boolean;
  coreGroups: number;
  plan: { outcomes: string; contingency: string } | null;
  actions: Record<string, { description: string; owner: string; dueDate: IsoDate; completedAt: string | null }>;
  transfer: { toLocalAuthorityId: string; movedOn: IsoDate; permanent: boolean; informationSentAt: string | null } | null;
  missingSince: string | null;
  clocks: Record<string, ClockRecord>;
  /** How many clocks of each timer have been started (for cyclical keys such as T-C8#3). */
  clockCounts: Partial<Record<TimerId, number>>;
  tasks: Record<string, { kind: TaskKind; completedAt: string | null; reference: string | null }>;
  acknowledgedAt: string | null;
}

export const INITIAL_CHILD_CASE_STATE: ChildCaseState = Object.freeze({
  version: 0,
  stage: null,
  localAuthorityId: null,
  householdId: null,
  unborn: false,
  dateOfBirth: null,
  expectedDueDate: null,
  receivedAt: null,
  allocatedTo: null,
  decision: null,
  immediateProtection: null,
  lastStrategyAt: null,
  section47: null,
  continuingAssessmentCompletedAt: null,
  determination: null,
  determinedBy: null,
  conferences: {},
  lastConferenceAt: null,
  registration: null,
  everRegistered: false,
  coreGroups: 0,
  plan: null,
  actions: {},
  transfer: null,
  missingSince: null,
  clocks: {},
  clockCounts: {},
  tasks: {},
  acknowledgedAt: null,
}) as ChildCaseState;

const DECISION_STAGE: Record<ChildDecision, ChildStage> = {
  no_further_action: 'closed_nfa',
  information_and_advice: 'information_and_advice',
  refer_to_other_services: 'referred_to_other_services',
  part3_assessment: 'part3_assessment',
  strategy_discussion: 'strategy_pending',
  immediate_protection: 'strategy_pending',
};

/** Fold one event into the state. Pure; never fails (the decider has already checked). */
export function evolveChildCase(s: ChildCaseState, e: ChildCaseEvent): ChildCaseState {
  const next: ChildCaseState = { ...s, version: s.version + 1 };
  switch (e.type) {
    case 'ReportReceived':
      return {
        ...next,
        stage: 'received',
        localAuthorityId: e.localAuthorityId,
        householdId: e.householdId,
        unborn: e.unborn,
        dateOfBirth: e.dateOfBirth,
        expectedDueDate: e.expectedDueDate,
        receivedAt: e.receivedAt,
      };
    case 'SiblingAdded':
      return next;
    case 'ReporterAcknowledged':
      return { ...next, acknowledgedAt: e.at };
    case 'CaseAllocated':
      return { ...next, allocatedTo: e.workerId };
    case 'DecisionRecorded':
      return { ...next, decision: e.decision, stage: DECISION_STAGE[e.decision] };
    case 'TaskCreated':
      return { ...next, tasks: { ...s.tasks, [e.taskId]: { kind: e.kind, completedAt: null, reference: null } } };
    case 'TaskCompleted': {
      const task = s.tasks[e.taskId];
      if (!task) return next;
      return { ...next, tasks: { ...s.tasks, [e.taskId]: { ...task, completedAt: e.at, reference: e.reference } } };
    }
    case 'ImmediateProtectionTaken': {
      const stage = s.lastStrategyAt === null && isBeforeStrategy(s.stage) ? 'strategy_pending' : s.stage;
      return { ...next, stage, immediateProtection: { power: e.power, startedAt: e.startedAt, extended: false } };
    }
    case 'EmergencyProtectionOrderExtended':
      return s.immediateProtection ? { ...next, immediateProtection: { ...s.immediateProtection, extended: true } } : next;
    case 'ImmediateProtectionEnded':
      return { ...next, immediateProtection: null };
    case 'StrategyDiscussionHeld': {
      let stage = s.stage;
      if (s.stage === 'strategy_pending') {
        stage =
          e.outcome === 'section47' ? 'section47_open' : e.nextStep === 'part3_assessment' ? 'part3_assessment' : 'closed_nfa';
      }
      return { ...next, stage, lastStrategyAt: e.heldAt };
    }
    case 'Section47EnquiryStarted':
      return { ...next, section47: { enquiry: e.enquiry, startedAt: e.startedAt }, stage: 'section47_open' };
    case 'ContinuingAssessmentCompleted':
      return { ...next, continuingAssessmentCompletedAt: e.at };
    case 'Section47Determined':
      return {
        ...next,
        determination: e.determination,
        determinedBy: e.determinedBy,
        stage: e.determination === 1 ? 'awaiting_ratification' : e.determination === 2 ? 'part3_assessment' : 'conference_pending',
      };
    case 'DeterminationRatified':
      return { ...next, stage: 'closed_nfa' };
    case 'DeterminationReturned':
      return { ...next, stage: 'section47_open', determination: null, determinedBy: null };
    case 'ConferenceScheduled':
      return {
        ...next,
        conferences: {
          ...s.conferences,
          [e.conferenceId]: {
            id: e.conferenceId,
            kind: e.kind,
            scheduledFor: e.scheduledFor,
            heldAt: null,
            recordsCirculatedAt: null,
            householdCaseIds: e.householdCaseIds,
          },
        },
      };
    case 'ConferencePostponed': {
      const c = s.conferences[e.conferenceId];
      if (!c) return next;
      return { ...next, conferences: { ...s.conferences, [e.conferenceId]: { ...c, scheduledFor: e.scheduledFor } } };
    }
    case 'ConferenceHeld': {
      const c = s.conferences[e.conferenceId];
      const held: ConferenceRecord = c
        ? { ...c, heldAt: e.heldAt }
        : {
            id: e.conferenceId,
            kind: e.kind,
            scheduledFor: e.heldAt,
            heldAt: e.heldAt,
            recordsCirculatedAt: null,
            householdCaseIds: e.householdCaseIds,
          };
      return { ...next, conferences: { ...s.conferences, [e.conferenceId]: held }, lastConferenceAt: e.heldAt };
    }
    case 'Registered':
      return {
        ...next,
        stage: 'registered',
        everRegistered: true,
        registration: {
          categories: e.categories,
          registeredAt: e.registeredAt,
          coordinatorId: e.coordinatorId,
          nextReviewDue: e.nextReviewDue,
          reviews: 0,
        },
        allocatedTo: e.coordinatorId ?? s.allocatedTo,
        transfer: null,
        coreGroups: s.transfer ? s.coreGroups : 0,
      };
    case 'NotRegistered':
      return { ...next, stage: 'part3_assessment' };
    case 'RegistrationContinued':
      return s.registration
        ? {
            ...next,
            registration: {
              ...s.registration,
              categories: e.categories,
              nextReviewDue: e.nextReviewDue,
              reviews: s.registration.reviews + 1,
            },
          }
        : next;
    case 'Deregistered':
      return { ...next, stage: 'deregistered', registration: null, transfer: null, missingSince: null };
    case 'CoordinatorNamed':
      return s.registration
        ? { ...next, registration: { ...s.registration, coordinatorId: e.coordinatorId }, allocatedTo: e.coordinatorId }
        : next;
    case 'SeniorManagerAlerted':
      return next;
    case 'ConferenceRecordsCirculated': {
      const c = s.conferences[e.conferenceId];
      if (!c) return next;
      return { ...next, conferences: { ...s.conferences, [e.conferenceId]: { ...c, recordsCirculatedAt: e.at } } };
    }
    case 'CoreGroupHeld':
      return { ...next, coreGroups: s.coreGroups + 1 };
    case 'ProtectionPlanRecorded':
      return { ...next, plan: { outcomes: e.outcomes, contingency: e.contingency } };
    case 'PlanActionAdded':
      return {
        ...next,
        actions: {
          ...s.actions,
          [e.actionId]: { description: e.description, owner: e.owner, dueDate: e.dueDate, completedAt: null },
        },
      };
    case 'PlanActionCompleted': {
      const a = s.actions[e.actionId];
      return a ? { ...next, actions: { ...s.actions, [e.actionId]: { ...a, completedAt: e.at } } } : next;
    }
    case 'StatutoryVisitMade':
      return next;
    case 'TransferOutNotified':
      return {
        ...next,
        transfer: { toLocalAuthorityId: e.toLocalAuthorityId, movedOn: e.movedOn, permanent: e.permanent, informationSentAt: null },
      };
    case 'MoveMadePermanent':
      return s.transfer ? { ...next, transfer: { ...s.transfer, permanent: true } } : next;
    case 'TransferInformationSent':
      return s.transfer ? { ...next, transfer: { ...s.transfer, informationSentAt: e.at } } : next;
    case 'ResponsibilityTransferred':
      return { ...next, localAuthorityId: e.toLocalAuthorityId, transfer: null };
    case 'ChildReportedMissing':
      return { ...next, missingSince: e.at };
    case 'ChildFound':
      return { ...next, missingSince: null };
    case 'BirthRecorded':
      return { ...next, unborn: false, dateOfBirth: e.dateOfBirth };
    case 'CaseClosed':
      return { ...next, stage: 'closed' };
    case 'TimescaleExceptionRecorded': {
      const c = s.clocks[e.clockKey];
      if (!c) return next;
      return {
        ...next,
        clocks: { ...s.clocks, [e.clockKey]: { ...c, exception: { reason: e.reason, approvedBy: e.approvedBy } } },
      };
    }
    case 'ChronologyEntryAdded':
      return next;
    case 'ClockStarted':
      return {
        ...next,
        clocks: {
          ...s.clocks,
          [e.key]: {
            key: e.key,
            timerId: e.timerId,
            startedAt: e.startedAt,
            dueAt: e.dueAt,
            dueDate: e.dueDate,
            stoppedAt: null,
            stopReason: null,
            outcome: null,
            pausedAt: null,
            pauseReason: null,
            exception: null,
          },
        },
        clockCounts: { ...s.clockCounts, [e.timerId]: (s.clockCounts[e.timerId] ?? 0) + 1 },
      };
    case 'ClockStopped': {
      const c = s.clocks[e.key];
      if (!c) return next;
      return { ...next, clocks: { ...s.clocks, [e.key]: { ...c, stoppedAt: e.at, stopReason: e.reason, outcome: e.outcome, pausedAt: null } } };
    }
    case 'ClockPaused': {
      const c = s.clocks[e.key];
      if (!c) return next;
      return { ...next, clocks: { ...s.clocks, [e.key]: { ...c, pausedAt: e.at, pauseReason: e.reason } } };
    }
    case 'ClockResumed': {
      const c = s.clocks[e.key];
      if (!c) return next;
      return {
        ...next,
        clocks: { ...s.clocks, [e.key]: { ...c, pausedAt: null, pauseReason: null, dueAt: e.dueAt, dueDate: e.dueDate } },
      };
    }
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

export function isBeforeStrategy(stage: ChildStage | null): boolean {
  return (
    stage === 'received' ||
    stage === 'information_and_advice' ||
    stage === 'referred_to_other_services' ||
    stage === 'part3_assessment'
  );
}

export function isClosed(stage: ChildStage | null): boolean {
  return stage === 'closed' || stage === 'closed_nfa';
}

export function foldChildCase(events: readonly ChildCaseEvent[]): ChildCaseState {
  return events.reduce(evolveChildCase, INITIAL_CHILD_CASE_STATE);
}

/** Clocks still running (not stopped), keyed by timer. */
export function runningClocks(s: ChildCaseState, timerId?: TimerId): ClockRecord[] {
  return Object.values(s.clocks).filter((c) => c.stoppedAt === null && (!timerId || c.timerId === timerId));
}
