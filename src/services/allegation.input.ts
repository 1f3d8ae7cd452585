import { z } from 'zod';
import {
  ALLEGATION_AGENCIES,
  ALLEGATION_CONTEXTS,
  ALLEGATION_OUTCOMES,
  ALLEGATION_TRACKS,
  EMPLOYMENT_TYPES,
  REFERRAL_BODIES,
  REFERRAL_RESPONSIBLE,
  THRESHOLD_CRITERIA,
  TRACK_STATUSES,
  type AllegationStepType,
} from '../domain/cases/allegation.model.js';
import { bool, date, instant, oneOf, optionalText, text, uuid } from './case.input.js';

/** Schemas for the Section 5 notification and each step of an allegation (pages and API alike). */
const attendees = (field: string) =>
  z
    .array(z.object({ name: text(field, 200), agency: oneOf(field, ALLEGATION_AGENCIES) }), { error: `error.${field}.required` })
    .min(1, `error.${field}.required`)
    .max(60, `error.${field}.too_long`);

export const openAllegationSchema = z.object({
  subjectName: text('subjectName', 200),
  subjectRole: text('subjectRole', 200),
  employer: text('employer', 200),
  employmentType: oneOf('employmentType', EMPLOYMENT_TYPES),
  /** The subject's email address if they have a Diogel account: they can never see the allegation. */
  subjectEmail: optionalText('subjectEmail', 320),
  context: oneOf('allegationContext', ALLEGATION_CONTEXTS),
  criteria: z.array(oneOf('criteria', THRESHOLD_CRITERIA), { error: 'error.criteria.required' }).min(1, 'error.criteria.required'),
  concernAroseAt: instant('concernAroseAt'),
  raisedBy: text('raisedBy', 300),
  notifiedAt: instant('notifiedAt'),
  summary: text('summary'),
});

export const ALLEGATION_STEP_SCHEMAS = {
  add_member: z.object({ email: text('memberEmail', 320) }),
  remove_member: z.object({ userId: uuid('memberId') }),
  link_case: z.object({ caseId: uuid('caseId') }),
  record_strategy_discussion: z.object({
    heldAt: instant('heldAt'),
    attendees: attendees('attendees'),
    thresholdMet: bool('thresholdMet'),
    interimSafeguards: optionalText('interimSafeguards'),
    sharing: optionalText('sharing'),
    employerRecord: optionalText('employerRecord'),
    summary: text('summary'),
  }),
  record_strategy_meeting: z.object({
    heldAt: instant('heldAt'),
    attendees: attendees('attendees'),
    criminal: oneOf('criminal', TRACK_STATUSES),
    disciplinary: oneOf('disciplinary', TRACK_STATUSES),
    protection: oneOf('protection', TRACK_STATUSES),
    nextMeetingOn: date('nextMeetingOn').nullable().default(null),
    summary: text('summary'),
  }),
  update_track: z.object({ track: oneOf('track', ALLEGATION_TRACKS), status: oneOf('trackStatus', TRACK_STATUSES), summary: text('summary') }),
  record_concluding_meeting: z.object({
    heldAt: instant('heldAt'),
    attendees: attendees('attendees'),
    outcome: oneOf('allegationOutcome', ALLEGATION_OUTCOMES),
    consensus: bool('consensus'),
    rationale: text('rationale'),
  }),
  add_referral: z.object({
    body: oneOf('referralBody', REFERRAL_BODIES),
    bodyName: optionalText('bodyName', 200),
    responsible: oneOf('responsible', REFERRAL_RESPONSIBLE),
    reason: text('reason'),
  }),
  complete_referral: z.object({ referralId: uuid('referralId'), completedOn: date('completedOn'), reference: text('reference', 200) }),
  close_allegation: z.object({ rationale: text('rationale') }),
  add_note: z.object({ occurredOn: date('occurredOn'), summary: text('summary', 4000) }),
} satisfies Record<AllegationStepType, z.ZodType>;
