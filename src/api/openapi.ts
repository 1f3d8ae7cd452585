import { z } from 'zod';
import { decisionSchema, noReportSchema, raiseConcernFields, reportToLocalAuthoritySchema } from '../services/concern.input.js';
import { ADULT_DECISIONS, CHILD_DECISIONS } from '../domain/decisions.js';

/**
 * OpenAPI 3.1 description of /api, built from the same zod schemas that validate
 * requests, so the document cannot drift from what the server accepts.
 */
function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

const problem = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'object',
      description: 'Field name → problem, for validation errors',
      additionalProperties: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });
const json = (schema: Record<string, unknown>, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
const errors = {
  '400': problemResponse('The request is not valid; `errors` says which fields and why'),
  '401': problemResponse('No valid bearer token'),
  '404': problemResponse('No such record, or not one you may see (the two are indistinguishable)'),
};

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const concern = { $ref: '#/components/schemas/Concern' };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'Diogel API',
      version: '0.1.0',
      description:
        'Safeguarding concerns, reports to local authorities and their decisions, under the Social Services and Well-being (Wales) Act 2014 Part 7 and the Wales Safeguarding Procedures. Create a bearer token at /account/api-tokens. Every read and write is audited.',
    },
    servers: [{ url: '/api' }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token (dgl_…)' } },
      schemas: {
        Problem: problem,
        RaiseConcern: jsonSchema(raiseConcernFields('2000-01-01')),
        ReportToLocalAuthority: jsonSchema(reportToLocalAuthoritySchema),
        NoReport: jsonSchema(noReportSchema),
        Decision: {
          ...jsonSchema(decisionSchema),
          description: `Children: ${CHILD_DECISIONS.join(', ')}. Adults at risk: ${ADULT_DECISIONS.join(', ')}.`,
        },
        Concern: {
          type: 'object',
          description: 'A safeguarding concern, with its report to a local authority once made',
          properties: {
            id: { type: 'string', format: 'uuid' },
            reference: { type: 'string' },
            status: { enum: ['awaiting_dsp', 'reported', 'not_reported'] },
            subjectKind: { enum: ['child', 'adult'] },
            person: { type: 'object' },
            account: { type: 'string' },
            ownWords: { type: ['string', 'null'] },
            harmCategories: { type: 'array', items: { type: 'string' } },
            specificRisks: { type: 'array', items: { type: 'string' } },
            immediateDanger: { type: 'boolean' },
            version: { type: 'integer', description: 'Send back as expectedVersion when changing the concern' },
            report: { type: ['object', 'null'] },
          },
        },
        Clock: {
          type: 'object',
          properties: {
            rule: { type: 'string', description: 'Timer id, e.g. T-C2 (child decision, 1 working day) or T-A3 (adult enquiries, 7 working days)' },
            dueDate: { type: 'string', format: 'date' },
            dueAt: { type: 'string', format: 'date-time' },
            status: { enum: ['due', 'due_today', 'overdue', 'stopped'] },
            workingDaysLeft: { type: 'integer' },
            stoppedAt: { type: ['string', 'null'], format: 'date-time' },
          },
        },
      },
    },
    paths: {
      '/me': { get: { summary: 'Who the token belongs to', responses: { '200': json({ type: 'object' }), '401': errors['401'] } } },
      '/local-authorities': { get: { summary: 'Local authorities a concern can be reported to', responses: { '200': json({ type: 'object' }), '401': errors['401'] } } },
      '/concerns': {
        get: {
          summary: 'Concerns you raised, or (queue=triage) your organisation’s concerns for the designated safeguarding person',
          parameters: [
            { name: 'queue', in: 'query', schema: { enum: ['triage'] } },
            { name: 'status', in: 'query', schema: { enum: ['awaiting_dsp', 'reported', 'not_reported'] } },
          ],
          responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: concern } } }), ...errors },
        },
        post: {
          summary: 'Raise a concern',
          description: 'If immediateDanger is true, toldToCall999 must be true: tell the reporter to call 999 now.',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RaiseConcern' } } } },
          responses: { '201': json({ type: 'object', properties: { id: { type: 'string' }, reference: { type: 'string' } } }, 'Created'), ...errors },
        },
      },
      '/concerns/{id}': { get: { summary: 'One concern', parameters: [idParam('id')], responses: { '200': json(concern), ...errors } } },
      '/concerns/{id}/report': {
        post: {
          summary: 'Report the concern to a local authority (designated safeguarding person)',
          parameters: [idParam('id')],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ReportToLocalAuthority' } } } },
          responses: { '201': json({ type: 'object', properties: { reportId: { type: 'string' } } }, 'Reported'), ...errors, '409': problemResponse('The concern changed since you read it') },
        },
      },
      '/concerns/{id}/no-report': {
        post: {
          summary: 'Record why no report is made (designated safeguarding person); a reason is required',
          parameters: [idParam('id')],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NoReport' } } } },
          responses: { '200': json(concern), ...errors, '409': problemResponse('The concern changed since you read it') },
        },
      },
      '/concerns/{id}/who-has-seen': {
        get: { summary: 'Every audited read and change of the concern', parameters: [idParam('id')], responses: { '200': json({ type: 'object' }), ...errors } },
      },
      '/reports': {
        get: {
          summary: 'Reports received by your local authority, with statutory clocks',
          parameters: [{ name: 'status', in: 'query', schema: { enum: ['received', 'decided'] } }],
          responses: { '200': json({ type: 'object' }), ...errors },
        },
      },
      '/reports/{id}': { get: { summary: 'One report, with its concern and clocks', parameters: [idParam('id')], responses: { '200': json({ type: 'object' }), ...errors } } },
      '/reports/{id}/decision': {
        post: {
          summary: 'Record the decision on next action, with a rationale',
          parameters: [idParam('id')],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Decision' } } } },
          responses: { '200': json({ type: 'object' }), ...errors, '409': problemResponse('The report changed since you read it') },
        },
      },
    },
  };
  return cached;
}
