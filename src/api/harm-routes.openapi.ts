import { z } from 'zod';
import { REFERENCE_KINDS, ROUTED_RISKS, TASK_IDS } from '../domain/harm-routes.js';
import { addRoutesSchema } from '../services/harm-routes.service.js';

/**
 * The OpenAPI description of specific harm routes on a case (DOMAIN.md §6.2); openapi.ts
 * merges it into the one document.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const json = (schema: Record<string, unknown>, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const taskIdParam = { name: 'taskId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'The id of the task (HarmRouteTask.id)' };
const str = { type: 'string' };
const nullableStr = { type: ['string', 'null'] };
const dateTime = { type: 'string', format: 'date-time' };
const errors = {
  '400': problemResponse('The request is not valid; `errors` says which fields and why'),
  '401': problemResponse('No valid bearer token'),
  '404': problemResponse('No such case (or task), or a case you may not see (the two are indistinguishable)'),
};
const changeErrors = { ...errors, '403': problemResponse('You may read the case but not change it') };

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

export function harmRoutesOpenApi() {
  const task = {
    type: 'object',
    description: 'One task of a specific harm route: who must act, by when, and the reference that completes it',
    properties: {
      id: { type: 'string', format: 'uuid' },
      risk: { type: 'string', enum: [...ROUTED_RISKS] },
      task: { type: 'string', enum: [...TASK_IDS] },
      title: str,
      what: str,
      whoMustAct: str,
      origin: { type: 'string', enum: ['concern', 'case'], description: 'Raised with the concern behind the case, or added on the case' },
      deadline: { type: 'string', enum: ['none', 'immediately', 'calendar_month', 'working_days'] },
      dueAt: { type: ['string', 'null'], format: 'date-time' },
      dueDate: { type: ['string', 'null'], format: 'date', description: 'The last day on time (Europe/London)' },
      dueStatus: { type: 'string', enum: ['none', 'immediately', 'due', 'overdue', 'done'] },
      referenceKind: { type: 'string', enum: [...REFERENCE_KINDS] },
      referenceLabel: str,
      sources: { type: 'array', items: str, description: 'Source ids of DOMAIN.md §6.2' },
      status: { type: 'string', enum: ['open', 'done'] },
      createdAt: dateTime,
      completedAt: { type: ['string', 'null'], format: 'date-time' },
      completedBy: nullableStr,
      reference: nullableStr,
      consent: { type: ['string', 'null'], enum: ['yes', 'no', null] },
      category: { type: ['integer', 'null'], minimum: 1, maximum: 3 },
      level: { type: ['integer', 'null'], minimum: 1, maximum: 3 },
      notes: nullableStr,
    },
  };
  const schemas: Record<string, unknown> = {
    HarmRouteTask: task,
    HarmRouteTasks: {
      type: 'object',
      properties: { caseId: { type: 'string', format: 'uuid' }, open: { type: 'array', items: ref('HarmRouteTask') }, done: { type: 'array', items: ref('HarmRouteTask') } },
    },
    AddHarmRoutes: { ...jsonSchema(addRoutesSchema), description: `Risks with a route: ${ROUTED_RISKS.join(', ')}. A risk that already has an open task on the case is skipped.` },
    CompleteHarmRouteTask: {
      type: 'object',
      description:
        'reference: required (1–100 characters, trimmed), except for a MAPPA task where it is optional. consent: required for an adult’s modern slavery task — yes → reference is the NRM reference; no → the MS1 (duty to notify, s52 Modern Slavery Act 2015) reference. category and level: required for a MAPPA task, each 1, 2 or 3.',
      properties: {
        reference: { type: 'string', maxLength: 100 },
        consent: { type: 'string', enum: ['yes', 'no'] },
        category: { type: 'integer', enum: [1, 2, 3] },
        level: { type: 'integer', enum: [1, 2, 3] },
        notes: { type: 'string', maxLength: 2000 },
      },
    },
  };
  const paths: Record<string, unknown> = {
    '/cases/{id}/harm-routes': {
      get: {
        tags: ['Specific harm routes'],
        summary: 'The specific harm route tasks of a case, open and done (those raised with its concern included)',
        parameters: [idParam],
        responses: { '200': json(ref('HarmRouteTasks')), ...errors },
      },
      post: {
        tags: ['Specific harm routes'],
        summary: 'Add specific harm routes to a case: each risk creates its tasks',
        parameters: [idParam],
        requestBody: { required: true, content: { 'application/json': { schema: ref('AddHarmRoutes') } } },
        responses: {
          '201': json({ allOf: [ref('HarmRouteTasks'), { type: 'object', properties: { created: { type: 'integer' }, skipped: { type: 'array', items: str } } }] }, 'Tasks were created'),
          '200': json({ allOf: [ref('HarmRouteTasks'), { type: 'object', properties: { created: { type: 'integer' }, skipped: { type: 'array', items: str } } }] }, 'Every risk already had open tasks: nothing was created'),
          ...changeErrors,
        },
      },
    },
    '/cases/{id}/harm-routes/{taskId}/complete': {
      post: {
        tags: ['Specific harm routes'],
        summary: 'Record the reference that completes a task; it moves to done',
        parameters: [idParam, taskIdParam],
        requestBody: { required: true, content: { 'application/json': { schema: ref('CompleteHarmRouteTask') } } },
        responses: { '200': json(ref('HarmRouteTask'), 'The task is done'), ...changeErrors, '409': problemResponse('The task is already done') },
      },
    },
  };
  return {
    tags: [{ name: 'Specific harm routes', description: 'Mandatory and specialist routes for specific harms (FGM, forced marriage, Prevent, NRM, MAPPA, missing, SUSR)' }],
    schemas,
    paths,
  };
}
