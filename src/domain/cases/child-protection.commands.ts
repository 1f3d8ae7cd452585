import type { IsoDate } from '../calendar/working-days.js';
import type { ChildDecision } from '../decisions.js';
import type {
  Agency,
  Attendee,
  AutomaticDeregistrationReason,
  ConferenceKind,
  ImmediateProtectionPower,
  RegistrationCategory,
  VisitLocation,
} from './vocabulary.js';

/** Per-child decision of a conference (DOMAIN.md C9, C15: decided separately for each child). */
export type ConferenceDecision =
  | { outcome: 'register'; categories: RegistrationCategory[]; coordinatorId: string | null; coreGroup: string }
  | { outcome: 'do_not_register' }
  | { outcome: 'remain'; categories: RegistrationCategory[] }
  | { outcome: 'deregister' };

/**
 * What people ask a child's case to do. Identifiers for new things (conference, action,
 * entry) are chosen by the caller so that the decider stays pure.
 */
export type ChildCaseCommand =
  | {
      type: 'open_case';
      reportId: string;
      concernId: string;
      personId: string;
      householdId: string;
      localAuthorityId: string;
      receivedAt: string;
      channel: 'written' | 'telephone';
      verbalAt: string | null;
      unborn: boolean;
      dateOfBirth: IsoDate | null;
      expectedDueDate: IsoDate | null;
    }
  | { type: 'note_sibling_added'; siblingCaseId: string; personId: string; name: string }
  | { type: 'acknowledge_reporter' }
  | { type: 'allocate'; workerId: string }
  | { type: 'record_decision'; decision: ChildDecision; rationale: string; crimeSuspected: boolean }
  | { type: 'complete_task'; taskId: string; reference: string }
  | { type: 'take_immediate_protection'; power: ImmediateProtectionPower; startedAt: string; details: string }
  | { type: 'extend_emergency_protection_order'; extendedTo: IsoDate; reason: string }
  | { type: 'end_immediate_protection'; endedAt: string; details: string }
  | {
      type: 'record_strategy_discussion';
      strategyId: string;
      heldAt: string;
      format: 'discussion' | 'meeting';
      attendees: Attendee[];
      outcome: 'section47' | 'no_section47';
      enquiry: 'single' | 'joint' | null;
      nextStep: 'part3_assessment' | 'no_further_action' | null;
      summary: string;
    }
  | { type: 'complete_continuing_assessment'; at: string; summary: string }
  | { type: 'record_section47_determination'; determination: 1 | 2 | 3; rationale: string }
  | { type: 'ratify_determination' }
  | { type: 'return_determination'; reason: string }
  | {
      type: 'schedule_conference';
      conferenceId: string;
      kind: ConferenceKind;
      scheduledFor: string;
      invitees: Attendee[];
      householdCaseIds: string[];
    }
  | { type: 'postpone_conference'; conferenceId: string; scheduledFor: string; reason: string }
  | {
      type: 'record_conference';
      conferenceId: string;
      heldAt: string;
      attendees: Attendee[];
      apologies: Agency[];
      reportsReceived: Agency[];
      householdCaseIds: string[];
      rationale: string;
      decision: ConferenceDecision;
    }
  | { type: 'circulate_conference_records'; conferenceId: string; at: string }
  | { type: 'name_coordinator'; coordinatorId: string }
  | { type: 'record_core_group'; heldAt: string; attendees: Attendee[]; summary: string }
  | { type: 'record_plan'; outcomes: string; contingency: string }
  | { type: 'add_plan_action'; actionId: string; description: string; owner: string; dueDate: IsoDate }
  | { type: 'complete_plan_action'; actionId: string }
  | {
      type: 'record_visit';
      visitedAt: string;
      seenAlone: boolean;
      location: VisitLocation;
      bedroomSeen: boolean;
      summary: string;
    }
  | { type: 'notify_transfer'; toLocalAuthorityId: string; movedOn: IsoDate; permanent: boolean }
  | { type: 'make_move_permanent' }
  | { type: 'send_transfer_information'; at: string }
  | { type: 'report_missing'; at: string; circumstances: string }
  | { type: 'record_found'; at: string; circumstances: string }
  | { type: 'record_birth'; childPersonId: string; name: string; dateOfBirth: IsoDate }
  | { type: 'deregister_automatically'; reason: AutomaticDeregistrationReason; at: string; rationale: string }
  | { type: 'close_case'; rationale: string }
  | { type: 'record_timescale_exception'; clockKey: string; reason: string }
  | { type: 'add_chronology_entry'; entryId: string; occurredOn: IsoDate; summary: string; significant: boolean };

export type ChildCaseCommandType = ChildCaseCommand['type'];

/** Commands people choose from a case page (open_case and note_sibling_added are issued by the service). */
export const CHILD_CASE_COMMAND_TYPES = [
  'acknowledge_reporter',
  'allocate',
  'record_decision',
  'complete_task',
  'take_immediate_protection',
  'extend_emergency_protection_order',
  'end_immediate_protection',
  'record_strategy_discussion',
  'complete_continuing_assessment',
  'record_section47_determination',
  'ratify_determination',
  'return_determination',
  'schedule_conference',
  'postpone_conference',
  'record_conference',
  'circulate_conference_records',
  'name_coordinator',
  'record_core_group',
  'record_plan',
  'add_plan_action',
  'complete_plan_action',
  'record_visit',
  'notify_transfer',
  'make_move_permanent',
  'send_transfer_information',
  'report_missing',
  'record_found',
  'record_birth',
  'deregister_automatically',
  'close_case',
  'record_timescale_exception',
  'add_chronology_entry',
] as const satisfies readonly ChildCaseCommandType[];
export type UserCommandType = (typeof CHILD_CASE_COMMAND_TYPES)[number];
