import { z } from 'zod';
import { BREAK_GLASS_MINUTES, CASE_MEMBER_RELATIONSHIPS, PERSON_LABEL_NAMES } from '../domain/access-policy.js';
import { ACCESS_CHANGE_SCHEMAS, ACCESS_CHANGES, breakGlassSchema, type AccessChange } from '../services/case-access.service.js';
import { accessChangeSlug } from './case-access-serialise.js';

/**
 * The OpenAPI description of who can see a case: the managers' panel and its changes,
 * emergency access and the subject access report, built from the schemas that validate
 * the requests; openapi.ts merges it into the one document.
 */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const json = (schema: Record<string, unknown>, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const dateTime = { type: 'string', format: 'date-time' };
const uuid = { type: 'string', format: 'uuid' };
const str = { type: 'string' };
const organisation = { type: ['object', 'null'], properties: { name: str, nameCy: { type: ['string', 'null'] } } };
const errors = {
  '400': problemResponse('The request is not valid; `errors` says which fields and why'),
  '401': problemResponse('No valid bearer token'),
  '404': problemResponse('No such case, or a case you may not see (the two are indistinguishable)'),
};
const managerErrors = {
  ...errors,
  '403': problemResponse('You may see the case but not manage who can see it: only the authority’s team managers and senior managers who work on it may'),
  '409': problemResponse('The change does not apply now (for example, letting someone see an address that is not hidden); `reason` says why'),
};

/** add_member → AccessAddMember */
const schemaName = (type: AccessChange) => `Access${type.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;

const SUMMARIES: Record<AccessChange, string> = {
  add_member: 'Add someone to the case as a conference member, core group member or named person (any organisation)',
  remove_member: 'Remove someone from the case (one relationship)',
  restrict: 'Restrict the case: the authority’s team no longer sees it; you and the allocated worker are named on it',
  unrestrict: 'Remove the restriction',
  hide_address: 'Hide the person’s address from everyone but the named readers (you become one)',
  show_address: 'Stop hiding the address',
  add_reader: 'Let someone see the hidden address',
  remove_reader: 'Stop someone seeing the hidden address',
};

export function caseAccessOpenApi() {
  const schemas: Record<string, unknown> = {
    ...Object.fromEntries(ACCESS_CHANGES.map((type) => [schemaName(type), jsonSchema(ACCESS_CHANGE_SCHEMAS[type])])),
    EmergencyAccessRequest: { ...jsonSchema(breakGlassSchema), description: `Why you need to see the case now. Access lasts ${BREAK_GLASS_MINUTES} minutes and is read-only.` },
    CaseAccess: {
      type: 'object',
      description: 'Who can see a case besides its authority’s team, what is restricted or hidden, and emergency access used',
      properties: {
        caseId: uuid,
        restriction: { type: ['object', 'null'], properties: { reason: str, setAt: dateTime, setBy: str } },
        members: {
          type: 'array',
          items: {
            type: 'object',
            properties: { userId: uuid, name: str, email: str, role: str, organisation, relationship: { enum: [...CASE_MEMBER_RELATIONSHIPS] }, addedAt: dateTime },
          },
        },
        labels: {
          type: 'array',
          description: 'Confidentiality labels on the person: each hides fields from everyone but its readers',
          items: {
            type: 'object',
            properties: {
              label: { enum: [...PERSON_LABEL_NAMES] },
              hides: { type: 'array', items: str },
              reason: str,
              setAt: dateTime,
              readers: { type: 'array', items: { type: 'object', properties: { userId: uuid, name: str, email: str } } },
            },
          },
        },
        emergencyAccess: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: uuid, user: { type: 'object', properties: { name: str, role: str, organisation } }, grantedAt: dateTime, expiresAt: dateTime, active: { type: 'boolean' }, reason: str },
          },
        },
      },
    },
    SubjectAccessReport: {
      type: 'object',
      description: 'Every audited read and change of the person’s records, by role and organisation (staff are not named)',
      properties: {
        caseId: uuid,
        producedAt: dateTime,
        entries: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              occurredAt: dateTime,
              role: { type: ['string', 'null'] },
              organisation,
              action: str,
              recordType: { enum: ['case', 'concern', 'report'] },
              outcome: { enum: ['success', 'denied', 'not_found', 'failure'] },
              purpose: { type: ['string', 'null'], description: 'Why, where it was recorded: the reason given for emergency access or a change, or subject_access_request' },
            },
          },
        },
      },
    },
  };

  const paths: Record<string, unknown> = {
    '/cases/{id}/access': {
      get: {
        tags: ['Case access'],
        summary: 'Who can see the case (the authority’s team managers and senior managers who work on it)',
        parameters: [idParam],
        responses: { '200': json(ref('CaseAccess')), ...managerErrors },
      },
    },
    ...Object.fromEntries(
      ACCESS_CHANGES.map((type) => [
        `/cases/{id}/access/${accessChangeSlug(type)}`,
        {
          post: {
            tags: ['Case access'],
            operationId: `caseAccess${schemaName(type).slice('Access'.length)}`,
            summary: SUMMARIES[type],
            description: 'Managers only. The change and its audit record (with the reason, where one is given) commit together.',
            parameters: [idParam],
            requestBody: { required: true, content: { 'application/json': { schema: ref(schemaName(type)) } } },
            responses: { '204': { description: 'Changed' }, ...managerErrors },
          },
        },
      ]),
    ),
    '/cases/{id}/emergency-access': {
      post: {
        tags: ['Case access'],
        summary: `Emergency ("break-glass") access: read a case you cannot normally see for ${BREAK_GLASS_MINUTES} minutes`,
        description:
          'For the case roles of any local authority. The reason is checked before anything else, so a missing reason says nothing about whether the case exists. The access, its reason and everything read are audited; the allocated worker and the authority’s team managers are told.',
        parameters: [idParam],
        requestBody: { required: true, content: { 'application/json': { schema: ref('EmergencyAccessRequest') } } },
        responses: {
          '201': json({ type: 'object', properties: { expiresAt: dateTime } }, 'Granted; read the case at Location until expiresAt'),
          '200': json({ type: 'object', properties: { alreadyVisible: { const: true } } }, 'You can already see the case: nothing was granted'),
          ...errors,
        },
      },
    },
    '/cases/{id}/subject-access-report': {
      get: {
        tags: ['Case access'],
        summary: 'For a subject access request: every access to the person’s records, by role and organisation',
        parameters: [idParam],
        responses: { '200': json(ref('SubjectAccessReport')), ...managerErrors },
      },
    },
  };

  return {
    tags: [{ name: 'Case access', description: 'Who can see a case: members, restriction, hidden fields, emergency access and the subject access report' }],
    schemas,
    paths,
  };
}
