import { z } from 'zod';
import { CHILD_DECISIONS } from '../domain/decisions.js';
import {
  AGENCIES,
  AUTOMATIC_DEREGISTRATION_REASONS,
  CONFERENCE_KINDS,
  IMMEDIATE_PROTECTION_POWERS,
  REGISTRATION_CATEGORIES,
  VISIT_LOCATIONS,
} from '../domain/cases/vocabulary.js';
import type { UserCommandType } from '../domain/cases/child-protection.commands.js';

/**
 * One schema per step of a child's case, shared by pages and API. These are the API's
 * shapes (instants as ISO 8601 strings); pages map their form fields onto them.
 * Messages are catalogue keys `error.<field>.<problem>`; the decider adds the rules
 * that need the case's history (a conference before the strategy discussion, …).
 */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function isRealDate(v: string): boolean {
  if (!ISO_DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const text = (field: string, max = 8000) =>
  z.string({ error: `error.${field}.required` }).trim().min(1, `error.${field}.required`).max(max, `error.${field}.too_long`);
export const optionalText = (field: string, max = 8000) =>
  z
    .string({ error: `error.${field}.invalid` })
    .trim()
    .max(max, `error.${field}.too_long`)
    .optional()
    .transform((v) => v ?? '');
export const instant = (field: string) =>
  z.iso.datetime({ offset: true, error: `error.${field}.required` }).transform((v) => new Date(v).toISOString());
export const date = (field: string) => z.string({ error: `error.${field}.required` }).refine(isRealDate, `error.${field}.invalid`);
export const uuid = (field: string) => z.uuid({ error: `error.${field}.required` });
export const bool = (field: string) => z.boolean({ error: `error.${field}.required` });
export const oneOf = <T extends readonly [string, ...string[]]>(field: string, values: T) => z.enum(values, { error: `error.${field}.required` });

export const attendees = (field: string) =>
  z
    .array(z.object({ name: text(field, 200), agency: oneOf(field, AGENCIES) }), { error: `error.${field}.required` })
    .min(1, `error.${field}.required`)
    .max(60, `error.${field}.too_long`);
export const agencies = (field: string) => z.array(oneOf(field, AGENCIES), { error: `error.${field}.invalid` }).max(AGENCIES.length).default([]);
const categories = z
  .array(z.enum(REGISTRATION_CATEGORIES, { error: 'error.categories.unknown' }), { error: 'error.categories.required' })
  .min(1, 'error.categories.required');

const conferenceDecision = z.discriminatedUnion(
  'outcome',
  [
    z.object({
      outcome: z.literal('register'),
      categories,
      coordinatorId: uuid('coordinatorId').nullable().default(null),
      coreGroup: optionalText('coreGroup', 2000),
    }),
    z.object({ outcome: z.literal('do_not_register') }),
    z.object({ outcome: z.literal('remain'), categories }),
    z.object({ outcome: z.literal('deregister') }),
  ],
  { error: 'error.decision.required' },
);

export const CASE_COMMAND_SCHEMAS = {
  acknowledge_reporter: z.object({}),
  allocate: z.object({ workerId: uuid('workerId') }),
  record_decision: z.object({
    decision: oneOf('decision', CHILD_DECISIONS),
    rationale: text('rationale'),
    crimeSuspected: bool('crimeSuspected'),
  }),
  complete_task: z.object({ taskId: text('taskId', 100), reference: text('reference', 200) }),
  take_immediate_protection: z.object({
    power: oneOf('power', IMMEDIATE_PROTECTION_POWERS),
    startedAt: instant('startedAt'),
    details: text('details'),
  }),
  extend_emergency_protection_order: z.object({ extendedTo: date('extendedTo'), reason: text('reason') }),
  end_immediate_protection: z.object({ endedAt: instant('endedAt'), details: text('details') }),
  record_strategy_discussion: z.object({
    heldAt: instant('heldAt'),
    format: oneOf('format', ['discussion', 'meeting'] as const),
    attendees: attendees('attendees'),
    outcome: oneOf('outcome', ['section47', 'no_section47'] as const),
    enquiry: oneOf('enquiry', ['single', 'joint'] as const).nullable().default(null),
    nextStep: oneOf('nextStep', ['part3_assessment', 'no_further_action'] as const).nullable().default(null),
    summary: text('summary'),
  }),
  complete_continuing_assessment: z.object({ at: instant('at'), summary: text('summary') }),
  record_section47_determination: z.object({
    determination: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'error.determination.required' }),
    rationale: text('rationale'),
  }),
  ratify_determination: z.object({}),
  return_determination: z.object({ reason: text('reason') }),
  schedule_conference: z.object({
    kind: oneOf('kind', CONFERENCE_KINDS),
    scheduledFor: instant('scheduledFor'),
    invitees: attendees('invitees'),
    /** Other children of the household to consider at the same conference. */
    siblingCaseIds: z.array(uuid('siblingCaseIds')).max(20).default([]),
  }),
  postpone_conference: z.object({ conferenceId: uuid('conferenceId'), scheduledFor: instant('scheduledFor'), reason: text('reason') }),
  record_conference: z.object({
    conferenceId: uuid('conferenceId').optional(),
    heldAt: instant('heldAt'),
    attendees: attendees('attendees'),
    apologies: agencies('apologies'),
    reportsReceived: agencies('reportsReceived'),
    rationale: optionalText('rationale'),
    /** A decision for each child considered, keyed by case id (c3pt2-p9: decided per child). */
    decisions: z.record(z.uuid({ error: 'error.decision.required' }), conferenceDecision, { error: 'error.decision.required' }),
  }),
  circulate_conference_records: z.object({ conferenceId: uuid('conferenceId'), at: instant('at') }),
  name_coordinator: z.object({ coordinatorId: uuid('coordinatorId') }),
  record_core_group: z.object({ heldAt: instant('heldAt'), attendees: attendees('attendees'), summary: text('summary') }),
  record_plan: z.object({ outcomes: text('outcomes'), contingency: text('contingency') }),
  add_plan_action: z.object({ description: text('description', 2000), owner: text('owner', 200), dueDate: date('dueDate') }),
  complete_plan_action: z.object({ actionId: uuid('actionId') }),
  record_visit: z.object({
    visitedAt: instant('visitedAt'),
    seenAlone: bool('seenAlone'),
    location: oneOf('location', VISIT_LOCATIONS),
    bedroomSeen: bool('bedroomSeen'),
    summary: text('summary'),
  }),
  notify_transfer: z.object({ toLocalAuthorityId: uuid('toLocalAuthorityId'), movedOn: date('movedOn'), permanent: bool('permanent') }),
  make_move_permanent: z.object({}),
  send_transfer_information: z.object({ at: instant('at') }),
  report_missing: z.object({ at: instant('at'), circumstances: text('circumstances') }),
  record_found: z.object({ at: instant('at'), circumstances: text('circumstances') }),
  record_birth: z.object({ name: text('fullName', 200), dateOfBirth: date('dateOfBirth') }),
  deregister_automatically: z.object({
    reason: oneOf('reason', AUTOMATIC_DEREGISTRATION_REASONS),
    at: instant('at'),
    rationale: text('rationale'),
  }),
  close_case: z.object({ rationale: text('rationale') }),
  record_timescale_exception: z.object({ clockKey: text('clockKey', 40), reason: text('reason') }),
  add_chronology_entry: z.object({ occurredOn: date('occurredOn'), summary: text('summary', 4000), significant: bool('significant') }),
} satisfies Record<UserCommandType, z.ZodType>;

export type CaseCommandInput<T extends UserCommandType> = z.output<(typeof CASE_COMMAND_SCHEMAS)[T]>;

export const expectedVersionSchema = z.coerce.number({ error: 'error.expectedVersion.invalid' }).int().min(0);

export const addSiblingSchema = z.object({
  fullName: text('fullName', 200),
  dateOfBirth: date('dateOfBirth').optional(),
  expectedDueDate: date('expectedDueDate').optional(),
});

export const ruleSettingsSchema = z.record(z.string(), z.union([z.number().int(), z.boolean()]));

export const closureSchema = z.object({
  date: date('closedOn'),
  nameEn: text('closureNameEn', 200),
  nameCy: text('closureNameCy', 200),
});
