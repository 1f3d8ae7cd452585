/**
 * The words of the child protection process (Wales Safeguarding Procedures,
 * children, sections 3 and 4; DOMAIN.md §2 and §10.2), as closed unions.
 */

/** Agencies that take part in strategy discussions, conferences and core groups. */
export const AGENCIES = [
  'social_services',
  'police',
  'health',
  'education',
  'probation',
  'youth_justice',
  'housing',
  'legal',
  'voluntary',
  'family',
  'other',
] as const;
export type Agency = (typeof AGENCIES)[number];

/** Categories of registration (c3pt2-p10). More than one may be chosen (DOMAIN.md §10.2 guard 2). */
export const REGISTRATION_CATEGORIES = ['physical', 'emotional', 'sexual', 'financial', 'neglect'] as const;
export type RegistrationCategory = (typeof REGISTRATION_CATEGORIES)[number];

export const CONFERENCE_KINDS = ['initial', 'review', 'transfer_in', 'pre_birth'] as const;
export type ConferenceKind = (typeof CONFERENCE_KINDS)[number];

/** Stages of a child's case (DOMAIN.md §10.2). Side states (missing, transfer, immediate protection) are flags. */
export const CHILD_STAGES = [
  'received',
  'information_and_advice',
  'referred_to_other_services',
  'part3_assessment',
  'strategy_pending',
  'section47_open',
  'awaiting_ratification',
  'conference_pending',
  'registered',
  'deregistered',
  'closed_nfa',
  'closed',
] as const;
export type ChildStage = (typeof CHILD_STAGES)[number];

export const IMMEDIATE_PROTECTION_POWERS = ['police_protection', 'emergency_protection_order'] as const;
export type ImmediateProtectionPower = (typeof IMMEDIATE_PROTECTION_POWERS)[number];

export const DEREGISTRATION_REASONS = ['review_conference', 'transfer_in_conference', 'turned_18', 'died', 'left_uk'] as const;
export type DeregistrationReason = (typeof DEREGISTRATION_REASONS)[number];
export const AUTOMATIC_DEREGISTRATION_REASONS = ['turned_18', 'died', 'left_uk'] as const;
export type AutomaticDeregistrationReason = (typeof AUTOMATIC_DEREGISTRATION_REASONS)[number];

export const VISIT_LOCATIONS = ['home', 'school', 'office', 'other'] as const;
export type VisitLocation = (typeof VISIT_LOCATIONS)[number];

export const TASK_KINDS = ['notify_police'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const ALERT_REASONS = ['no_coordinator', 'child_missing', 'registered_child_found'] as const;
export type AlertReason = (typeof ALERT_REASONS)[number];

export interface Attendee {
  name: string;
  agency: Agency;
}
