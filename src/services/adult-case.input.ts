import { z } from 'zod';
import { ADULT_DECISIONS } from '../domain/decisions.js';
import {
  ADULT_ABUSE_CATEGORIES,
  ADULT_CLOSURE_ROUTES,
  ADULT_DETERMINATIONS,
  ADULT_STRATEGY_OUTCOMES,
  ADVOCACY_KINDS,
  APC_OUTCOMES,
  APSO_GROUNDS,
  CAPACITY_OUTCOMES,
  CONSENT_POSITIONS,
  FREE_DECISION_FINDINGS,
  PLAN_REVIEW_OUTCOMES,
} from '../domain/cases/adult-vocabulary.js';
import type { AdultUserCommandType } from '../domain/cases/adult-protection.model.js';
import { AGENCIES } from '../domain/cases/vocabulary.js';
import { agencies, attendees, bool, date, instant, oneOf, optionalText, text, uuid } from './case.input.js';

/**
 * One schema per step of an adult's case, shared by pages and API (instants as ISO 8601).
 * Answers that depend on each other (a capacity assessment's outcome, best interests when
 * the adult lacks capacity) are checked by the decider, which knows the whole record.
 */
const consentCapacity = {
  consent: oneOf('consent', CONSENT_POSITIONS),
  capacityAssessed: bool('capacityAssessed'),
  capacityDecision: optionalText('capacityDecision', 2000),
  capacityAssessedBy: optionalText('capacityAssessedBy', 200),
  capacityOutcome: oneOf('capacityOutcome', CAPACITY_OUTCOMES).nullable().default(null),
  bestInterests: optionalText('bestInterests'),
};

export const ADULT_COMMAND_SCHEMAS = {
  allocate: z.object({ workerId: uuid('workerId') }),
  record_initial_checks: z.object({
    ...consentCapacity,
    crimeSuspected: bool('crimeSuspected'),
    policeInformed: bool('policeInformed'),
    othersAtRisk: bool('othersAtRisk'),
    othersAtRiskDetails: optionalText('othersAtRiskDetails'),
    categories: z
      .array(oneOf('adultCategories', ADULT_ABUSE_CATEGORIES), { error: 'error.adultCategories.required' })
      .min(1, 'error.adultCategories.required'),
    summary: text('summary'),
  }),
  record_decision: z.object({ decision: oneOf('decision', ADULT_DECISIONS), rationale: text('rationale') }),
  complete_task: z.object({ taskId: text('taskId', 100), reference: text('reference', 200) }),
  record_enquiry_determination: z.object({ determination: oneOf('determination', ADULT_DETERMINATIONS), rationale: text('rationale') }),
  record_immediate_protection: z.object({ at: instant('at'), actions: text('actions') }),
  record_strategy: z.object({
    heldAt: instant('heldAt'),
    format: oneOf('format', ['discussion', 'meeting'] as const),
    chairId: uuid('chairId'),
    attendees: attendees('attendees'),
    ...consentCapacity,
    outcome: oneOf('strategyOutcome', ADULT_STRATEGY_OUTCOMES),
    criminalInvestigation: bool('criminalInvestigation').default(false),
    nonCriminalInvestigation: bool('nonCriminalInvestigation').default(false),
    investigationDueDate: date('investigationDueDate').nullable().default(null),
    interimProtection: optionalText('interimProtection'),
    leadPractitionerId: uuid('leadPractitionerId').nullable().default(null),
    summary: text('summary'),
  }),
  name_lead_practitioner: z.object({ leadPractitionerId: uuid('leadPractitionerId') }),
  complete_investigation: z.object({ investigationId: text('investigationId', 100), completedAt: instant('completedAt'), findings: text('findings') }),
  offer_advocacy: z.object({
    kind: oneOf('advocacyKind', ADVOCACY_KINDS),
    offeredOn: date('offeredOn'),
    accepted: bool('accepted'),
    advocate: optionalText('advocate', 200),
  }),
  record_capacity_assessment: z.object({
    on: date('assessedOn'),
    decision: text('capacityDecision', 2000),
    assessedBy: text('capacityAssessedBy', 200),
    outcome: oneOf('capacityOutcome', CAPACITY_OUTCOMES),
    bestInterests: optionalText('bestInterests'),
  }),
  schedule_conference: z.object({ scheduledFor: instant('scheduledFor'), invitees: attendees('invitees') }),
  postpone_conference: z.object({ conferenceId: uuid('conferenceId'), scheduledFor: instant('scheduledFor'), reason: text('reason') }),
  record_agency_reports: z.object({
    conferenceId: uuid('conferenceId'),
    // Required, so the published schema says so (a defaulted list would read as optional).
    agencies: z.array(oneOf('agencies', AGENCIES), { error: 'error.agencies.required' }).min(1, 'error.agencies.required').max(AGENCIES.length),
    receivedAt: instant('receivedAt'),
  }),
  record_conference: z.object({
    conferenceId: uuid('conferenceId'),
    heldAt: instant('heldAt'),
    attendees: attendees('attendees'),
    apologies: agencies('apologies'),
    writtenContributions: agencies('writtenContributions'),
    adultAttended: bool('adultAttended'),
    advocatePresent: bool('advocatePresent'),
    outcome: oneOf('apcOutcome', APC_OUTCOMES),
    rationale: text('rationale'),
  }),
  record_plan: z.object({ ...consentCapacity, outcomes: text('outcomes'), contingency: text('contingency') }),
  add_plan_action: z.object({ description: text('description', 2000), owner: text('owner', 200), dueDate: date('dueDate') }),
  complete_plan_action: z.object({ actionId: uuid('actionId') }),
  record_plan_review: z.object({
    heldAt: instant('heldAt'),
    ...consentCapacity,
    outcome: oneOf('reviewOutcome', PLAN_REVIEW_OUTCOMES),
    summary: text('summary'),
  }),
  consider_apso: z.object({ reason: text('reason') }),
  apply_for_apso: z.object({
    authorisedOfficerId: uuid('authorisedOfficerId'),
    appliedOn: date('appliedOn'),
    court: text('court', 200),
    hearingOn: date('hearingOn'),
    premises: text('premises', 500),
    reasons: text('reasons'),
    evidence: text('evidence'),
    grounds: z.array(oneOf('grounds', APSO_GROUNDS), { error: 'error.apso.allGrounds' }).default([]),
  }),
  record_apso_outcome: z.object({
    outcome: oneOf('apsoOutcome', ['granted', 'refused'] as const),
    decidedOn: date('decidedOn'),
    orderStart: instant('orderStart').nullable().default(null),
    orderEnd: instant('orderEnd').nullable().default(null),
    specifiedPersons: optionalText('specifiedPersons', 2000),
    conditions: optionalText('conditions'),
    reason: optionalText('reason'),
  }),
  record_apso_visit: z.object({
    visitedAt: instant('visitedAt'),
    spokeInPrivate: bool('spokeInPrivate'),
    decisionsMadeFreely: oneOf('decisionsMadeFreely', FREE_DECISION_FINDINGS),
    outcome: text('visitOutcome'),
  }),
  close_case: z.object({
    route: oneOf('closureRoute', ADULT_CLOSURE_ROUTES),
    rationale: text('rationale'),
    agenciesNotified: agencies('agenciesNotified'),
    disengagement: optionalText('disengagement'),
    consent: oneOf('consent', CONSENT_POSITIONS).optional(),
    capacityAssessed: bool('capacityAssessed').optional(),
    capacityDecision: optionalText('capacityDecision', 2000),
    capacityAssessedBy: optionalText('capacityAssessedBy', 200),
    capacityOutcome: oneOf('capacityOutcome', CAPACITY_OUTCOMES).nullable().default(null),
    bestInterests: optionalText('bestInterests'),
  }),
  record_timescale_exception: z.object({ clockKey: text('clockKey', 40), reason: text('reason') }),
  add_chronology_entry: z.object({ occurredOn: date('occurredOn'), summary: text('summary', 4000), significant: bool('significant') }),
} satisfies Record<AdultUserCommandType, z.ZodType>;
