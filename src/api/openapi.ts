import { z } from 'zod';
import { decisionSchema, noReportSchema, raiseConcernFields, reportOnRaisingSchema, reportToLocalAuthoritySchema } from '../services/concern.input.js';
import { ADULT_DECISIONS, CHILD_DECISIONS } from '../domain/decisions.js';
import { addSiblingSchema, CASE_COMMAND_SCHEMAS, closureSchema, expectedVersionSchema } from '../services/case.input.js';
import { CHILD_CASE_COMMAND_TYPES, type UserCommandType } from '../domain/cases/child-protection.commands.js';
import { COMMAND_ROLES } from '../domain/cases/child-protection.decider.js';
import { CHILD_STAGES, REGISTRATION_CATEGORIES } from '../domain/cases/vocabulary.js';
import { RULE_SETTING_DEFINITIONS } from '../domain/rule-settings.js';
import { stepSlug } from './case-serialise.js';
import { ADULT_CASE_COMMAND_TYPES } from '../domain/cases/adult-protection.model.js';
import { ADULT_STAGES } from '../domain/cases/adult-vocabulary.js';
import { ADULT_RECORD_SCHEMA, adultRoles, adultStepSchemaName, adultStepSchemas, isAdultStep } from './adult-case.openapi.js';
import { settingsUpdateSchema } from './cases.api.js';
import { allegationOpenApi } from './allegations.openapi.js';
import { caseAccessOpenApi } from './case-access.openapi.js';
import { harmRoutesOpenApi } from './harm-routes.openapi.js';
import { personSearchOpenApi } from './person-search.openapi.js';
import { guidancePaths } from './guidance.openapi.js';
import { postCheckResponseSchema } from './post-check.api.js';
import { postCheckSchema } from '../services/post-check.input.js';

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
    reason: { type: 'string', description: 'For a refused case step: the message key of the rule that refused it' },
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

const STEP_ERRORS = {
  ...errors,
  '403': problemResponse('Your role may not take this step'),
  '404': problemResponse('No such case or step, or a case you may not see (all three are indistinguishable)'),
  '409': problemResponse('The case changed since you read it (send its current version), or the step is not allowed at this stage; `reason` says which rule'),
};

/** record_strategy_discussion → RecordStrategyDiscussionStep */
const stepSchemaName = (type: UserCommandType) => `${type.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Step`;
const sentence = (type: UserCommandType) => type.charAt(0).toUpperCase() + type.slice(1).replaceAll('_', ' ');
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const body = (name: string) => ({ required: true, content: { 'application/json': { schema: ref(name) } } });

/** The request body of each step: its validation schema plus the case version the client read. */
function stepSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    CHILD_CASE_COMMAND_TYPES.map((type) => [
      stepSchemaName(type),
      { ...jsonSchema(CASE_COMMAND_SCHEMAS[type].extend({ expectedVersion: expectedVersionSchema })), description: `${sentence(type)}. Roles: ${COMMAND_ROLES[type].filter((r) => r !== 'system').join(', ')}.` },
    ]),
  );
}

/** One path per step; a step both a child's and an adult's case have takes the body of the case's kind. */
function stepPaths(): Record<string, unknown> {
  const types = [...new Set<string>([...CHILD_CASE_COMMAND_TYPES, ...ADULT_CASE_COMMAND_TYPES])];
  return Object.fromEntries(
    types.map((type) => {
      const child = (CHILD_CASE_COMMAND_TYPES as readonly string[]).includes(type) ? (type as UserCommandType) : null;
      const adult = isAdultStep(type) ? type : null;
      const schemas = [...(child ? [ref(stepSchemaName(child))] : []), ...(adult ? [ref(adultStepSchemaName(adult))] : [])];
      const roles = [
        ...(child ? [`${adult ? 'a child’s case: ' : ''}${COMMAND_ROLES[child].filter((r) => r !== 'system').join(', ')}`] : []),
        ...(adult ? [`${child ? 'an adult’s case: ' : 'an adult’s case only: '}${adultRoles(adult)}`] : []),
      ];
      return [
        `/cases/{id}/steps/${stepSlug(type as UserCommandType)}`,
        {
          post: {
            tags: ['Case steps'],
            operationId: type.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase()),
            summary: sentence(type as UserCommandType),
            description: `Roles: ${roles.join('; ')}. The procedures' rules for this stage are applied; the answer is the case as it now is.`,
            parameters: [idParam('id')],
            requestBody: { required: true, content: { 'application/json': { schema: schemas.length === 1 ? schemas[0] : { oneOf: schemas } } } },
            responses: { '200': json(ref('Case'), 'The step was taken'), ...STEP_ERRORS },
          },
        },
      ];
    }),
  );
}

const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const date = { type: 'string', format: 'date' };
const nullableDate = { type: ['string', 'null'], format: 'date' };
const uuid = { type: 'string', format: 'uuid' };
const named = { type: ['object', 'null'], properties: { id: uuid, name: { type: ['string', 'null'] } } };
const items = (schema: Record<string, unknown>) => ({ type: 'object', properties: { items: { type: 'array', items: schema } } });

const caseSchemas = {
  Case: {
    type: 'object',
    description: 'A child’s (or adult’s) case. Send `version` back as expectedVersion with the next step.',
    properties: {
      id: uuid,
      kind: { enum: ['child', 'adult'] },
      version: { type: 'integer' },
      stage: { type: 'string', description: `Children: ${CHILD_STAGES.join(', ')}. Adults: ${ADULT_STAGES.join(', ')}` },
      reportId: uuid,
      openedAt: dateTime,
      updatedAt: dateTime,
      person: {
        type: 'object',
        properties: {
          fullName: { type: 'string' },
          dateOfBirth: nullableDate,
          expectedDueDate: nullableDate,
          nhsNumber: { type: ['string', 'null'], pattern: '^[0-9]{10}$', description: 'Ten digits, no spaces' },
          unborn: { type: 'boolean' },
          welshPreferred: { type: ['boolean', 'null'] },
          address: { type: ['string', 'null'], description: 'Null when not known, or when a confidentiality label hides it from you (then hiddenFields lists it)' },
          hiddenFields: { type: 'array', items: { type: 'string' }, description: 'Fields a confidentiality label hides from you; their values are null' },
        },
      },
      access: { enum: ['read', 'work'], description: 'read: you may read the case but take no step (a conference or core group member, or emergency access); work: you may take the steps your role allows' },
      restricted: { type: 'boolean', description: 'Whether the case is restricted to named people; given only to those who manage who can see it' },
      emergencyAccess: { type: ['object', 'null'], description: 'Your emergency access to the case, while it lasts', properties: { expiresAt: dateTime, reason: { type: 'string' } } },
      localAuthority: { type: 'object', properties: { id: uuid, name: { type: 'string' }, nameCy: { type: 'string' } } },
      allocatedTo: named,
      decision: { type: ['string', 'null'], enum: [...CHILD_DECISIONS, null] },
      section47: { type: ['object', 'null'], properties: { enquiry: { enum: ['single', 'joint'] }, startedAt: dateTime } },
      determination: { enum: [1, 2, 3, null] },
      registration: {
        type: ['object', 'null'],
        description: 'The Child Protection Register entry; only a conference registers a child',
        properties: {
          categories: { type: 'array', items: { enum: [...REGISTRATION_CATEGORIES] } },
          registeredAt: dateTime,
          coordinator: named,
          nextReviewDue: date,
          reviews: { type: 'integer' },
        },
      },
      flags: {
        type: 'object',
        properties: {
          immediateProtection: { type: ['object', 'null'], properties: { power: { enum: ['police_protection', 'emergency_protection_order'] }, startedAt: dateTime, extended: { type: 'boolean' } } },
          missingSince: nullableDateTime,
          transfer: { type: ['object', 'null'], properties: { toLocalAuthority: named, movedOn: date, permanent: { type: 'boolean' }, informationSentAt: nullableDateTime } },
        },
      },
      plan: { type: ['object', 'null'], properties: { outcomes: { type: 'string' }, contingency: { type: 'string' } } },
      actions: { type: 'array', items: { type: 'object', properties: { id: uuid, description: { type: 'string' }, owner: { type: 'string' }, dueDate: date, completedAt: nullableDateTime } } },
      conferences: {
        type: 'array',
        items: {
          type: 'object',
          properties: { id: uuid, kind: { enum: ['initial', 'review', 'transfer_in', 'pre_birth'] }, scheduledFor: dateTime, heldAt: nullableDateTime, recordsCirculatedAt: nullableDateTime, childCaseIds: { type: 'array', items: uuid } },
        },
      },
      nextConferenceKind: { enum: ['initial', 'review', 'transfer_in', 'pre_birth', null] },
      openTasks: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, kind: { type: 'string' } } } },
      clocks: { type: 'array', items: ref('CaseClock') },
      allowedSteps: { type: 'array', items: { type: 'string' }, description: 'Steps you may take now, as they appear in /cases/{id}/steps/{step}' },
      household: {
        type: 'array',
        description: 'Other children of the household (siblings are decided separately)',
        items: { type: 'object', properties: { id: uuid, fullName: { type: 'string' }, dateOfBirth: nullableDate, expectedDueDate: nullableDate, stage: { type: 'string' }, registered: { type: 'boolean' }, categories: { type: 'array', items: { type: 'string' } } } },
      },
      caseworkers: { type: 'array', description: 'Who can be named co-ordinator or allocated worker', items: { type: 'object', properties: { id: uuid, name: { type: 'string' }, role: { type: 'string' } } } },
      permissions: { type: 'object', additionalProperties: { type: 'boolean' } },
      adult: ADULT_RECORD_SCHEMA,
    },
  },
  CaseClock: {
    type: 'object',
    description: 'A statutory clock (DOMAIN.md §10.1): due by the end of dueDate in Europe/London, i.e. before dueAt',
    properties: {
      key: { type: 'string', description: 'Unique within the case: the timer id, with #n for a repeat or :conferenceId' },
      timerId: { type: 'string' },
      startedAt: dateTime,
      dueDate: date,
      dueAt: dateTime,
      status: { enum: ['due', 'due_today', 'overdue', 'paused', 'met', 'late', 'missed', 'ended'] },
      workingDaysLeft: { type: ['integer', 'null'] },
      stoppedAt: nullableDateTime,
      stopReason: { type: ['string', 'null'] },
      pausedAt: nullableDateTime,
      pauseReason: { type: ['string', 'null'] },
      exception: { type: ['object', 'null'], properties: { reason: { type: 'string' }, approvedBy: named } },
      source: { type: 'string' },
    },
  },
  CaseSummary: {
    type: 'object',
    properties: { id: uuid, kind: { enum: ['child', 'adult'] }, stage: { type: 'string' }, registered: { type: 'boolean' }, fullName: { type: 'string' }, welshPreferred: { type: ['boolean', 'null'] }, updatedAt: dateTime },
  },
  Chronology: {
    type: 'object',
    properties: {
      caseId: uuid,
      children: { type: 'array', items: { type: 'object', properties: { caseId: uuid, fullName: { type: 'string' } } } },
      entries: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            date: date,
            type: { type: 'string' },
            significant: { type: 'boolean' },
            recordedAt: dateTime,
            recordedBy: { type: ['string', 'null'] },
            child: { type: 'object', properties: { caseId: uuid, fullName: { type: 'string' } } },
            data: { type: 'object' },
          },
        },
      },
    },
  },
  WorkTray: (() => {
    const item = {
      type: 'object',
      properties: {
        caseId: uuid,
        fullName: { type: 'string' },
        welshPreferred: { type: ['boolean', 'null'] },
        stage: { type: 'string' },
        clock: { type: 'object', properties: { key: { type: 'string' }, timerId: { type: 'string' }, dueDate: date, dueAt: dateTime, status: { type: 'string' }, workingDaysLeft: { type: 'integer' } } },
        allocatedTo: named,
      },
    };
    const list = { type: 'array', items: item };
    return {
      type: 'object',
      properties: {
        overdue: list,
        dueToday: list,
        dueThisWeek: list,
        paused: list,
        alerts: { type: 'array', items: { type: 'object', properties: { caseId: uuid, fullName: { type: 'string' }, reason: { type: 'string' }, raisedAt: dateTime } } },
        emergencyAccess: {
          type: 'array',
          description: 'Emergency access used on cases you are told about (allocated worker, team manager) in the last 14 days',
          items: {
            type: 'object',
            properties: {
              caseId: uuid,
              fullName: { type: 'string' },
              user: { type: 'object', properties: { name: { type: 'string' }, organisation: { type: ['object', 'null'], properties: { name: { type: 'string' }, nameCy: { type: ['string', 'null'] } } } } },
              grantedAt: dateTime,
              expiresAt: dateTime,
              reason: { type: 'string' },
            },
          },
        },
      },
    };
  })(),
  RegisterEntry: {
    type: 'object',
    properties: {
      caseId: uuid,
      fullName: { type: 'string' },
      dateOfBirth: nullableDate,
      expectedDueDate: nullableDate,
      welshPreferred: { type: ['boolean', 'null'] },
      categories: { type: 'array', items: { enum: [...REGISTRATION_CATEGORIES] } },
      registeredAt: dateTime,
      coordinator: { type: ['string', 'null'] },
      nextReviewDue: date,
      missingSince: nullableDateTime,
      transferring: { type: 'boolean' },
    },
  },
  Rules: {
    type: 'object',
    description: 'The rules in force: every timer with its source, the settings for values the procedures leave open, and local closures',
    properties: {
      ruleset: { type: 'string' },
      settingsVersion: { type: 'integer' },
      timers: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            appliesTo: { enum: ['child', 'adult', 'allegation'] },
            startEvent: { type: 'string' },
            stopEvent: { type: 'string' },
            duration: { type: 'object' },
            fromSetting: { type: ['string', 'null'] },
            alerts: { type: 'array', items: { type: 'string' } },
            source: { type: 'string' },
          },
        },
      },
      settings: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            key: { enum: RULE_SETTING_DEFINITIONS.map((d) => d.key) },
            kind: { enum: ['integer', 'boolean'] },
            value: { type: ['integer', 'boolean'] },
            default: { type: ['integer', 'boolean'] },
            min: { type: ['integer', 'null'] },
            max: { type: ['integer', 'null'] },
            status: { enum: ['GAP', 'INFERRED', 'UNVERIFIED'] },
            source: { type: 'string' },
          },
        },
      },
      closures: { type: 'array', items: ref('Closure') },
      bankHolidays: { type: 'object' },
      canManage: { type: 'boolean' },
    },
  },
  Closure: { type: 'object', properties: { date, name: { type: 'string' }, nameCy: { type: 'string' } } },
  AddSibling: jsonSchema(addSiblingSchema.extend({ expectedVersion: expectedVersionSchema })),
  // Keys the rules do not know are refused (400), so none beyond these are accepted.
  RuleSettingsUpdate: { ...jsonSchema(settingsUpdateSchema), additionalProperties: false },
  NewClosure: jsonSchema(closureSchema),
};

function casePaths(): Record<string, unknown> {
  return {
    '/cases': { get: { tags: ['Cases'], summary: 'Cases you can see (your authority’s, and those you are on), most recently changed first', responses: { '200': json(items(ref('CaseSummary'))), ...errors } } },
    '/cases/{id}': { get: { tags: ['Cases'], summary: 'One case, with its clocks and the steps you may take now', parameters: [idParam('id')], responses: { '200': json(ref('Case')), ...errors } } },
    ...stepPaths(),
    '/cases/{id}/siblings': {
      post: {
        tags: ['Cases'],
        summary: 'Add another child of the household: a case of their own from the same report, decided separately',
        parameters: [idParam('id')],
        requestBody: body('AddSibling'),
        responses: { '201': json(ref('Case'), 'The sibling’s new case; Location gives its address'), ...STEP_ERRORS },
      },
    },
    '/cases/{id}/chronology': {
      get: {
        tags: ['Cases'],
        summary: 'The chronology: every recorded event and entry, significant ones flagged, by the date it happened',
        parameters: [idParam('id'), { name: 'household', in: 'query', schema: { enum: ['true', 'false'] }, description: 'true: every child of the household, merged' }],
        responses: { '200': json(ref('Chronology')), ...errors },
      },
    },
    '/work-tray': {
      get: {
        tags: ['Work'],
        summary: 'Clocks overdue, due today and due this week across your local authority',
        parameters: [{ name: 'mine', in: 'query', schema: { enum: ['true', 'false'] }, description: 'true: only cases allocated to you' }],
        responses: { '200': json(ref('WorkTray')), ...errors },
      },
    },
    '/register': { get: { tags: ['Work'], summary: 'Your local authority’s Child Protection Register', responses: { '200': json(items(ref('RegisterEntry'))), ...errors } } },
    '/settings': {
      get: { tags: ['Rules'], summary: 'The rules in force: timers and their sources, settings with their GAP status, closures', responses: { '200': json(ref('Rules')), ...errors } },
      put: {
        tags: ['Rules'],
        summary: 'Change settings (administrator); typed values, each within its range',
        requestBody: body('RuleSettingsUpdate'),
        responses: { '200': json(ref('Rules')), ...errors },
      },
    },
    '/settings/closures': {
      post: {
        tags: ['Rules'],
        summary: 'Add a local closure day, which then does not count as a working day (administrator)',
        requestBody: body('NewClosure'),
        responses: { '201': json(ref('Closure'), 'Added'), ...errors },
      },
    },
    '/settings/closures/{date}': {
      delete: {
        tags: ['Rules'],
        summary: 'Remove a local closure day (administrator)',
        parameters: [{ name: 'date', in: 'path', required: true, schema: date }],
        responses: { '204': { description: 'Removed' }, ...errors },
      },
    },
  };
}

let cached: Record<string, unknown> | undefined;

export function openApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const concern = { $ref: '#/components/schemas/Concern' };
  const allegations = allegationOpenApi();
  const caseAccess = caseAccessOpenApi();
  const harmRoutes = harmRoutesOpenApi();
  const personSearch = personSearchOpenApi();
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
    tags: [
      { name: 'Account', description: 'Who you are' },
      { name: 'Concerns', description: 'Raising and reporting safeguarding concerns' },
      { name: 'Reports', description: 'Reports received by a local authority and the decision on next action' },
      { name: 'Cases', description: 'Child protection cases (Wales Safeguarding Procedures, children, sections 3 and 4)' },
      { name: 'Case steps', description: 'One operation per step of a child’s or an adult’s case; each body is that step’s schema (for the case’s kind) plus expectedVersion' },
      { name: 'Work', description: 'The work tray and the Child Protection Register' },
      { name: 'Rules', description: 'Timers, settings and the working-day calendar' },
      ...personSearch.tags,
      ...caseAccess.tags,
      ...harmRoutes.tags,
      ...allegations.tags,
    ],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A personal API token (dgl_…)' } },
      schemas: {
        Problem: problem,
        ...caseSchemas,
        ...stepSchemas(),
        ...adultStepSchemas(),
        ...caseAccess.schemas,
        ...harmRoutes.schemas,
        ...personSearch.schemas,
        ...allegations.schemas,
        RaiseConcern: jsonSchema(raiseConcernFields('2000-01-01').extend(reportOnRaisingSchema.shape)),
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
      '/me': { get: { tags: ['Account'], summary: 'Who the token belongs to', responses: { '200': json({ type: 'object' }), '401': errors['401'] } } },
      '/local-authorities': { get: { tags: ['Concerns'], summary: 'Local authorities a concern can be reported to', responses: { '200': json({ type: 'object' }), '401': errors['401'] } } },
      '/concerns': {
        get: {
          tags: ['Concerns'],
          summary: 'Concerns you raised, or (queue=triage) your organisation’s concerns for the designated safeguarding person',
          parameters: [
            { name: 'queue', in: 'query', schema: { enum: ['triage'] } },
            { name: 'status', in: 'query', schema: { enum: ['awaiting_dsp', 'reported', 'not_reported'] } },
          ],
          responses: { '200': json({ type: 'object', properties: { items: { type: 'array', items: concern } } }), ...errors },
        },
        post: {
          tags: ['Concerns'],
          summary: 'Raise a concern; a designated safeguarding person may report it to a local authority at once',
          description:
            'If immediateDanger is true, toldToCall999 must be true: tell the reporter to call 999 now. ' +
            'With reportToLocalAuthorityId (designated safeguarding persons only; anyone else gets 403), the concern is reported as it is raised: ' +
            'the authority receives it, a case opens and its clock starts, all in one step, and the answer carries the reportId.',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RaiseConcern' } } } },
          responses: {
            '201': json(
              {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  reference: { type: 'string' },
                  status: { enum: ['awaiting_dsp', 'reported'] },
                  reportId: { type: ['string', 'null'], description: 'The report (and its first case), when reported as raised' },
                },
              },
              'Created',
            ),
            ...errors,
            '403': problemResponse('Only a designated safeguarding person may report a concern as it is raised'),
          },
        },
      },
      '/concerns/{id}': { get: { tags: ['Concerns'], summary: 'One concern', parameters: [idParam('id')], responses: { '200': json(concern), ...errors } } },
      '/concerns/{id}/report': {
        post: {
          tags: ['Concerns'],
          summary: 'Report the concern to a local authority (designated safeguarding person)',
          parameters: [idParam('id')],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ReportToLocalAuthority' } } } },
          responses: { '201': json({ type: 'object', properties: { reportId: { type: 'string' } } }, 'Reported'), ...errors, '409': problemResponse('The concern changed since you read it') },
        },
      },
      '/concerns/{id}/no-report': {
        post: {
          tags: ['Concerns'],
          summary: 'Record why no report is made (designated safeguarding person); a reason is required',
          parameters: [idParam('id')],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NoReport' } } } },
          responses: { '200': json(concern), ...errors, '409': problemResponse('The concern changed since you read it') },
        },
      },
      '/concerns/{id}/who-has-seen': {
        get: { tags: ['Concerns'], summary: 'Every audited read and change of the concern', parameters: [idParam('id')], responses: { '200': json({ type: 'object' }), ...errors } },
      },
      '/reports': {
        get: {
          tags: ['Reports'],
          summary: 'Reports received by your local authority, with statutory clocks',
          parameters: [{ name: 'status', in: 'query', schema: { enum: ['received', 'decided'] } }],
          responses: { '200': json({ type: 'object' }), ...errors },
        },
      },
      '/reports/{id}': { get: { tags: ['Reports'], summary: 'One report, with its concern and clocks', parameters: [idParam('id')], responses: { '200': json({ type: 'object' }), ...errors } } },
      '/reports/{id}/decision': {
        post: {
          tags: ['Reports'],
          summary: 'Record the decision on next action, with a rationale',
          parameters: [idParam('id')],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Decision' } } } },
          responses: { '200': json({ type: 'object' }), ...errors, '409': problemResponse('The report changed since you read it') },
        },
      },
      ...casePaths(),
      ...personSearch.paths,
      ...caseAccess.paths,
      ...harmRoutes.paths,
      ...allegations.paths,
      ...guidancePaths,
      '/guidance/post-check': {
        post: {
          tags: ['Guidance'],
          operationId: 'checkDraftPost',
          summary: 'Before you post: the risks the social media guidance names in a draft post, each with the clauses it comes from',
          description: 'The draft is checked and forgotten: it is not stored, audited or logged. `evidence` quotes the words of the draft that raised each finding (none for an attached photo without confirmed consent).',
          requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(postCheckSchema) } } },
          responses: {
            '200': json(postCheckResponseSchema),
            '400': errors['400'],
            '401': errors['401'],
          },
        },
      },
    },
  };
  return cached;
}
