import { z } from 'zod';
import { ADULT_CASE_COMMAND_TYPES, type AdultUserCommandType } from '../domain/cases/adult-protection.model.js';
import { ADULT_COMMAND_ROLES } from '../domain/cases/adult-protection.decider.js';
import { ADULT_STAGES } from '../domain/cases/adult-vocabulary.js';
import { ADULT_COMMAND_SCHEMAS } from '../services/adult-case.input.js';
import { expectedVersionSchema } from '../services/case.input.js';

/**
 * The OpenAPI description of an adult's case steps (DOMAIN.md §3, §4), built from the
 * zod schemas that validate them. Their addresses are the child's (`/cases/{id}/steps/…`);
 * a step both kinds of case have takes the body of the case's kind.
 */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

const sentence = (type: string) => type.charAt(0).toUpperCase() + type.slice(1).replaceAll('_', ' ');

export const adultRoles = (type: AdultUserCommandType) => ADULT_COMMAND_ROLES[type].filter((r) => r !== 'system').join(', ');

export function isAdultStep(type: string): type is AdultUserCommandType {
  return (ADULT_CASE_COMMAND_TYPES as readonly string[]).includes(type);
}

/** record_initial_checks → AdultRecordInitialChecksStep */
export const adultStepSchemaName = (type: AdultUserCommandType) => `Adult${type.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Step`;

/** The request body of each adult step: its validation schema plus the case version the client read. */
export function adultStepSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    ADULT_CASE_COMMAND_TYPES.map((type) => [
      adultStepSchemaName(type),
      {
        ...jsonSchema((ADULT_COMMAND_SCHEMAS[type] as z.ZodObject).extend({ expectedVersion: expectedVersionSchema })),
        description: `An adult's case: ${sentence(type).toLowerCase()}. Roles: ${adultRoles(type)}.`,
      },
    ]),
  );
}

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const date = { type: 'string', format: 'date' };
const nullableDate = { type: ['string', 'null'], format: 'date' };
const named = { type: ['object', 'null'], properties: { id: { type: 'string', format: 'uuid' }, name: { type: ['string', 'null'] } } };
const consentAndCapacity = {
  type: 'object',
  properties: {
    point: { enum: ['initial_checks', 'strategy', 'plan', 'plan_review', 'closure', 'other'] },
    on: date,
    decision: { type: 'string' },
    assessedBy: { type: 'string' },
    outcome: { enum: ['has_capacity', 'lacks_capacity'] },
    bestInterests: { type: ['string', 'null'] },
  },
};

/** The `adult` property of a case: null for a child's case. */
export const ADULT_RECORD_SCHEMA = {
  type: ['object', 'null'],
  description: 'An adult at risk’s record (no register for adults: the abuse categories are data). Null for a child’s case.',
  properties: {
    stage: { enum: [...ADULT_STAGES, null] },
    categories: { type: 'array', items: { enum: ['physical', 'sexual', 'psychological_emotional', 'financial', 'neglect'] } },
    leadPractitioner: named,
    decision: { type: ['string', 'null'] },
    initialChecks: {
      type: ['object', 'null'],
      properties: {
        at: dateTime, consent: { type: 'string' }, crimeSuspected: { type: 'boolean' }, policeInformed: { type: 'boolean' },
        othersAtRisk: { type: 'boolean' }, othersAtRiskDetails: { type: 'string' },
      },
    },
    consent: { enum: ['given', 'withheld', 'lacks_capacity', 'not_yet_sought', null], description: 'The most recent position recorded' },
    capacityDecisions: { type: 'array', description: 'Every Mental Capacity Act assessment recorded, in order', items: consentAndCapacity },
    determination: { enum: ['1', '2', '3', 'nfa', null] },
    enquiryConcludedAt: nullableDateTime,
    immediateProtectionAt: nullableDateTime,
    strategies: { type: 'integer' },
    lastStrategyAt: nullableDateTime,
    advocacy: {
      type: 'array',
      items: { type: 'object', properties: { kind: { enum: ['informal', 'independent_professional'] }, offeredOn: date, accepted: { type: 'boolean' }, advocate: { type: 'string' } } },
    },
    investigations: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string' }, kind: { enum: ['criminal', 'non_criminal'] }, startedAt: dateTime, dueDate: nullableDate, completedAt: nullableDateTime } },
    },
    conferences: {
      type: 'array',
      items: { type: 'object', properties: { id: { type: 'string', format: 'uuid' }, scheduledFor: dateTime, heldAt: nullableDateTime, reportsReceivedAt: nullableDateTime } },
    },
    plan: {
      type: ['object', 'null'],
      properties: { outcomes: { type: 'string' }, contingency: { type: 'string' }, startedAt: nullableDateTime, reviews: { type: 'integer' }, lastReviewAt: nullableDateTime },
    },
    apso: {
      type: ['object', 'null'],
      description: 'Adult protection and support order (s127). `inForce` is false once the order has expired: it can no longer be used',
      properties: {
        consideredAt: nullableDateTime,
        inForce: { type: 'boolean' },
        application: {
          type: ['object', 'null'],
          properties: {
            id: { type: 'string', format: 'uuid' }, status: { enum: ['applied', 'granted', 'refused'] }, authorisedOfficer: named, appliedOn: date, court: { type: 'string' },
            hearingOn: date, premises: { type: 'string' }, decidedOn: nullableDate, orderStart: nullableDateTime, orderEnd: nullableDateTime,
            specifiedPersons: { type: 'string' }, conditions: { type: 'string' }, refusalReason: { type: ['string', 'null'] }, visits: { type: 'integer' },
          },
        },
      },
    },
    closure: { type: ['object', 'null'], properties: { route: { enum: ['risk_reduced', 'aims_met', 'adult_disengaged', 'no_protection_role'] }, rationale: { type: 'string' } } },
  },
};
