import { z } from 'zod';
import {
  ALLEGATION_AGENCIES,
  ALLEGATION_COMMAND_TYPES,
  ALLEGATION_CONTEXTS,
  ALLEGATION_OUTCOMES,
  ALLEGATION_STAGES,
  ALLEGATION_TRACKS,
  EMPLOYMENT_TYPES,
  REFERRAL_BODIES,
  REFERRAL_RESPONSIBLE,
  THRESHOLD_CRITERIA,
  TRACK_STATUSES,
  INITIAL_ALLEGATION_STATE,
  type AllegationStepType,
} from '../domain/cases/allegation.model.js';
import { allegationPrecondition } from '../domain/cases/allegation.decider.js';
import { ALLEGATION_STEP_SCHEMAS, openAllegationSchema } from '../services/allegation.input.js';
import { expectedVersionSchema } from '../services/case.input.js';
import { allegationStepSlug } from './allegations.api.js';

/**
 * The OpenAPI description of the allegations API (Section 5), built from the schemas that
 * validate its requests; openapi.ts merges it into the one document.
 */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const json = (schema: Record<string, unknown>, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const notFound = problemResponse('No such allegation, or one you may not see: the two answers are the same, byte for byte');
const errors = { '400': problemResponse('The request is not valid; `errors` says which fields and why'), '401': problemResponse('No valid bearer token'), '404': notFound };
const stepErrors = {
  ...errors,
  '403': problemResponse('Only the designated officer leading the allegation may take this step'),
  '404': problemResponse('No such allegation or step, or an allegation you may not see (all three are indistinguishable)'),
  '409': problemResponse('The allegation changed since you read it (send its current version), or the step is not allowed at this stage; `reason` says which rule'),
};

/** Who may take each step, as the decider says: the lead alone, or anyone the allegation is shared with. */
const someoneAdded = { userId: '', role: 'practitioner' as const, organisationId: '', lead: false };
const leadOnly = (type: AllegationStepType) => allegationPrecondition(INITIAL_ALLEGATION_STATE, type, someoneAdded) === 'error.case.role';
const who = (type: AllegationStepType) => (leadOnly(type) ? 'The designated officer leading the allegation.' : 'The designated officer, or anyone they have added.');
const sentence = (type: AllegationStepType) => type.charAt(0).toUpperCase() + type.slice(1).replaceAll('_', ' ');
/** record_strategy_meeting → AllegationRecordStrategyMeetingStep */
const stepSchemaName = (type: AllegationStepType) => `Allegation${type.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Step`;

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const date = { type: 'string', format: 'date' };
const nullableDate = { type: ['string', 'null'], format: 'date' };
const uuid = { type: 'string', format: 'uuid' };
const str = { type: 'string' };
const attendees = { type: 'array', items: { type: 'object', properties: { name: str, agency: { enum: [...ALLEGATION_AGENCIES] } } } };
const tracks = { type: 'object', properties: Object.fromEntries(ALLEGATION_TRACKS.map((t) => [t, { enum: [...TRACK_STATUSES] }])) };

const schemas = {
  Allegation: {
    type: 'object',
    description: 'An allegation or concern about a practitioner or person in a position of trust (Wales Safeguarding Procedures, section 5). Send `version` back as expectedVersion with the next step.',
    properties: {
      id: uuid,
      version: { type: 'integer' },
      stage: { enum: [...ALLEGATION_STAGES] },
      outcome: { enum: [...ALLEGATION_OUTCOMES, null] },
      localAuthorityId: uuid,
      openedAt: dateTime,
      updatedAt: dateTime,
      subject: {
        type: 'object',
        properties: { name: str, role: str, employer: str, employmentType: { enum: [...EMPLOYMENT_TYPES] }, hasAccount: { type: 'boolean', description: 'The person has a Diogel account (they can never see the allegation)' } },
      },
      notification: {
        type: 'object',
        properties: {
          context: { enum: [...ALLEGATION_CONTEXTS] },
          criteria: { type: 'array', items: { enum: [...THRESHOLD_CRITERIA] } },
          concernAroseAt: dateTime,
          outOfHours: { type: 'boolean' },
          raisedBy: str,
          notifiedAt: dateTime,
          summary: str,
        },
      },
      strategyDiscussion: {
        type: ['object', 'null'],
        properties: { heldAt: dateTime, attendees, thresholdMet: { type: 'boolean' }, interimSafeguards: str, sharing: str, employerRecord: str, summary: str },
      },
      strategyMeetings: { type: 'array', items: { type: 'object', properties: { id: uuid, heldAt: dateTime, attendees, tracks, nextMeetingOn: nullableDate, summary: str } } },
      tracks,
      trackUpdates: { type: 'array', items: { type: 'object', properties: { track: { enum: [...ALLEGATION_TRACKS] }, status: { enum: [...TRACK_STATUSES] }, at: dateTime, summary: str, recordedBy: { type: ['string', 'null'] } } } },
      concludingMeeting: {
        type: ['object', 'null'],
        properties: { heldAt: dateTime, attendees, outcome: { enum: [...ALLEGATION_OUTCOMES] }, consensus: { type: 'boolean' }, rationale: str },
      },
      referrals: {
        type: 'array',
        items: {
          type: 'object',
          properties: { id: uuid, body: { enum: [...REFERRAL_BODIES] }, bodyName: str, responsible: { enum: [...REFERRAL_RESPONSIBLE] }, reason: str, completedOn: nullableDate, reference: { type: ['string', 'null'] } },
        },
      },
      closure: { type: ['object', 'null'], properties: { at: dateTime, rationale: str } },
      notes: { type: 'array', items: { type: 'object', properties: { id: uuid, occurredOn: date, summary: str, recordedAt: dateTime, recordedBy: { type: ['string', 'null'] } } } },
      members: { type: 'array', description: 'People the designated officer has added', items: { type: 'object', properties: { id: uuid, name: str, email: str, organisation: str } } },
      linkedCases: { type: 'array', description: 'Linked cases that you may see as well', items: { type: 'object', properties: { id: uuid, kind: { enum: ['child', 'adult'] }, stage: str, fullName: str } } },
      clocks: {
        type: 'array',
        items: {
          type: 'object',
          description: 'T-P1 (notification within 24 hours), T-P2a (strategy discussion), T-P2 (next strategy meeting)',
          properties: { key: str, timerId: str, startedAt: dateTime, dueDate: date, dueAt: dateTime, status: str, workingDaysLeft: { type: ['integer', 'null'] }, stoppedAt: nullableDateTime, stopReason: { type: ['string', 'null'] }, source: str },
        },
      },
      lead: { type: 'boolean', description: 'You lead this allegation' },
      allowedSteps: { type: 'array', items: str, description: 'Steps you may take now, as they appear in /allegations/{id}/steps/{step}' },
    },
  },
  AllegationSummary: {
    type: 'object',
    properties: { id: uuid, subjectName: str, employer: str, stage: { enum: [...ALLEGATION_STAGES] }, outcome: { enum: [...ALLEGATION_OUTCOMES, null] }, notifiedAt: dateTime, nextDueAt: nullableDateTime, updatedAt: dateTime },
  },
  AllegationNotification: {
    ...jsonSchema(openAllegationSchema),
    description: 'The designated officer records a notification. subjectEmail: the person’s Diogel account, if they have one; they can never see or be added to the allegation.',
  },
  ...Object.fromEntries(
    ALLEGATION_COMMAND_TYPES.map((type) => [
      stepSchemaName(type),
      { ...jsonSchema(ALLEGATION_STEP_SCHEMAS[type].extend({ expectedVersion: expectedVersionSchema })), description: `${sentence(type)}. ${who(type)}` },
    ]),
  ),
};

function paths(): Record<string, unknown> {
  return {
    '/allegations': {
      get: {
        tags: ['Allegations'],
        summary: 'Allegations you lead, or have been added to (404 if there are none you may see and you lead none)',
        responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: ref('AllegationSummary') } } }), ...errors },
      },
      post: {
        tags: ['Allegations'],
        summary: 'Record a notification (the designated officer, for their local authority)',
        description: 'Starts T-P1 (met when the designated officer was told) and T-P2a (the professional strategy discussion).',
        requestBody: body('AllegationNotification'),
        responses: { '201': json(ref('Allegation'), 'Recorded; Location gives its address'), ...errors },
      },
    },
    '/allegations/{id}': {
      get: { tags: ['Allegations'], summary: 'One allegation, with its clocks and the steps you may take now', parameters: [idParam], responses: { '200': json(ref('Allegation')), ...errors } },
    },
    ...Object.fromEntries(
      ALLEGATION_COMMAND_TYPES.map((type) => [
        `/allegations/{id}/steps/${allegationStepSlug(type)}`,
        {
          post: {
            tags: ['Allegation steps'],
            operationId: `allegation${type.replace(/(^|_)(\w)/g, (_m, _s: string, c: string) => c.toUpperCase())}`,
            summary: sentence(type),
            description: `${who(type)} The procedures' rules for this stage are applied; the answer is the allegation as it now is.`,
            parameters: [idParam],
            requestBody: body(stepSchemaName(type)),
            responses: { '200': json(ref('Allegation'), 'The step was taken'), ...stepErrors },
          },
        },
      ]),
    ),
  };
}

export function allegationOpenApi() {
  return {
    tags: [
      { name: 'Allegations', description: 'Allegations and concerns about practitioners and people in positions of trust (section 5): restricted to the designated officer and the people they add' },
      { name: 'Allegation steps', description: 'One operation per step of an allegation; each body is that step’s schema plus expectedVersion' },
    ],
    schemas,
    paths: paths(),
  };
}
