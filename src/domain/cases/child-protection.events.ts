import type { IsoDate } from '../calendar/working-days.js';
import type { ChildDecision } from '../decisions.js';
import type { TimerId } from '../timers.js';
import type {
  AlertReason,
  Attendee,
  Agency,
  ConferenceKind,
  DeregistrationReason,
  ImmediateProtectionPower,
  RegistrationCategory,
  TaskKind,
  VisitLocation,
} from './vocabulary.js';

/** How a clock ended: its stop event happened, it could no longer be met, or it no longer applies. */
export type ClockOutcome = 'met' | 'missed' | 'ended';

/**
 * What can happen in a child's case, in the past tense (DESIGN.md, Case lifecycle).
 * Instants are ISO strings so that an event is plain JSON and replays exactly.
 * Clock events carry the due date computed under the rules in force at the time.
 */
export type ChildCaseEvent =
  | {
      type: 'ReportReceived';
      reportId: string;
      concernId: string;
      personId: string;
      householdId: string;
      localAuthorityId: string;
      receivedAt: string;
      channel: 'written' | 'telephone';
      unborn: boolean;
      dateOfBirth: IsoDate | null;
      expectedDueDate: IsoDate | null;
    }
  | { type: 'SiblingAdded'; siblingCaseId: string; personId: string; name: string }
  | { type: 'ReporterAcknowledged'; at: string }
  | { type: 'CaseAllocated'; workerId: string }
  | { type: 'DecisionRecorded'; decision: ChildDecision; rationale: string; crimeSuspected: boolean }
  | { type: 'TaskCreated'; taskId: string; kind: TaskKind; dueAt: string | null }
  | { type: 'TaskCompleted'; taskId: string; reference: string; at: string }
  | { type: 'ImmediateProtectionTaken'; power: ImmediateProtectionPower; startedAt: string; details: string }
  | { type: 'EmergencyProtectionOrderExtended'; extendedTo: string; reason: string }
  | { type: 'ImmediateProtectionEnded'; endedAt: string; details: string }
  | {
      type: 'StrategyDiscussionHeld';
      strategyId: string;
      heldAt: string;
      format: 'discussion' | 'meeting';
      attendees: Attendee[];
      outcome: 'section47' | 'no_section47';
      enquiry: 'single' | 'joint' | null;
      nextStep: 'part3_assessment' | 'no_further_action' | null;
      summary: string;
    }
  | { type: 'Section47EnquiryStarted'; enquiry: 'single' | 'joint'; startedAt: string }
  | { type: 'ContinuingAssessmentCompleted'; at: string; summary: string }
  | { type: 'Section47Determined'; determination: 1 | 2 | 3; rationale: string; determinedBy: string }
  | { type: 'DeterminationRatified'; ratifiedBy: string }
  | { type: 'DeterminationReturned'; reason: string }
  | {
      type: 'ConferenceScheduled';
      conferenceId: string;
      kind: ConferenceKind;
      scheduledFor: string;
      invitees: Attendee[];
      householdCaseIds: string[];
    }
  | { type: 'ConferencePostponed'; conferenceId: string; scheduledFor: string; reason: string }
  | {
      type: 'ConferenceHeld';
      conferenceId: string;
      kind: ConferenceKind;
      heldAt: string;
      attendees: Attendee[];
      apologies: Agency[];
      reportsReceived: Agency[];
      quorate: boolean;
      householdCaseIds: string[];
      rationale: string;
    }
  | {
      type: 'Registered';
      conferenceId: string;
      categories: RegistrationCategory[];
      registeredAt: string;
      coordinatorId: string | null;
      coreGroup: string;
      nextReviewDue: IsoDate;
    }
  | { type: 'NotRegistered'; conferenceId: string }
  | { type: 'RegistrationContinued'; conferenceId: string; categories: RegistrationCategory[]; nextReviewDue: IsoDate }
  | { type: 'Deregistered'; at: string; reason: DeregistrationReason; rationale: string; conferenceId: string | null }
  | { type: 'CoordinatorNamed'; coordinatorId: string }
  | { type: 'SeniorManagerAlerted'; reason: AlertReason }
  | { type: 'ConferenceRecordsCirculated'; conferenceId: string; at: string }
  | { type: 'CoreGroupHeld'; heldAt: string; attendees: Attendee[]; summary: string }
  | { type: 'ProtectionPlanRecorded'; outcomes: string; contingency: string }
  | { type: 'PlanActionAdded'; actionId: string; description: string; owner: string; dueDate: IsoDate }
  | { type: 'PlanActionCompleted'; actionId: string; at: string }
  | {
      type: 'StatutoryVisitMade';
      visitedAt: string;
      seenAlone: boolean;
      location: VisitLocation;
      bedroomSeen: boolean;
      summary: string;
    }
  | { type: 'TransferOutNotified'; toLocalAuthorityId: string; movedOn: IsoDate; permanent: boolean }
  | { type: 'MoveMadePermanent'; at: string }
  | { type: 'TransferInformationSent'; at: string }
  | { type: 'ResponsibilityTransferred'; fromLocalAuthorityId: string; toLocalAuthorityId: string }
  | { type: 'ChildReportedMissing'; at: string; circumstances: string }
  | { type: 'ChildFound'; at: string; circumstances: string }
  | { type: 'BirthRecorded'; childPersonId: string; name: string; dateOfBirth: IsoDate }
  | { type: 'CaseClosed'; rationale: string }
  | { type: 'TimescaleExceptionRecorded'; clockKey: string; reason: string; approvedBy: string }
  | { type: 'ChronologyEntryAdded'; entryId: string; occurredOn: IsoDate; summary: string; significant: boolean }
  | { type: 'ClockStarted'; key: string; timerId: TimerId; startedAt: string; dueAt: string; dueDate: IsoDate }
  | { type: 'ClockStopped'; key: string; at: string; reason: string; outcome: ClockOutcome }
  | { type: 'ClockPaused'; key: string; at: string; reason: string }
  | { type: 'ClockResumed'; key: string; at: string; dueAt: string; dueDate: IsoDate };

export type ChildCaseEventType = ChildCaseEvent['type'];

/** Events a practitioner reads in the chronology; clock bookkeeping is shown on the timeline instead. */
export function isChronologyEvent(e: { type: string }): boolean {
  return !['ClockStarted', 'ClockStopped', 'ClockPaused', 'ClockResumed'].includes(e.type);
}

/** Events the procedures treat as significant by default (flagged in the chronology). */
export const SIGNIFICANT_EVENT_TYPES: ReadonlySet<string> = new Set([
  'ReportReceived',
  'ImmediateProtectionTaken',
  'StrategyDiscussionHeld',
  'Section47Determined',
  'ConferenceHeld',
  'Registered',
  'Deregistered',
  'ChildReportedMissing',
  'ChildFound',
  'BirthRecorded',
  'ResponsibilityTransferred',
  'CaseClosed',
  // Adults (DOMAIN.md §10.3)
  'EnquiryDetermined',
  'ImmediateProtectionRecorded',
  'AdultStrategyHeld',
  'AdultConferenceHeld',
  'ApsoGranted',
  'ApsoRefused',
  'ApsoVisitMade',
  'AdultCaseClosed',
]);
