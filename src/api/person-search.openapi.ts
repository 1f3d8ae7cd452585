import { z } from 'zod';
import { personSearchFields } from '../services/person-search.input.js';
import { RESULTS } from '../services/person-search.service.js';

/** The OpenAPI description of person search; openapi.ts merges it into the one document. */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

export function personSearchOpenApi() {
  // The query parameters are the fields of the validation schema, so the two cannot drift apart.
  const fields = z.toJSONSchema(personSearchFields('2000-01-01'), { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as {
    properties: Record<string, Record<string, unknown>>;
  };
  const parameters = Object.entries(fields.properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: false, schema: rest, ...(description ? { description } : {}) };
  });
  const schemas = {
    PersonFound: {
      type: 'object',
      description: 'A person with a case you may see. No address is given (a confidentiality label may hide it) and no person key.',
      properties: {
        fullName: { type: 'string' },
        dateOfBirth: { type: ['string', 'null'], format: 'date' },
        expectedDueDate: { type: ['string', 'null'], format: 'date' },
        nhsNumber: { type: ['string', 'null'], pattern: '^[0-9]{10}$' },
        cases: {
          type: 'array',
          description: 'Their cases you may open (GET /cases/{id})',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string', format: 'uuid' },
              kind: { enum: ['child', 'adult'] },
              stage: { type: 'string' },
              registered: { type: 'boolean' },
              localAuthority: { type: 'object', properties: { name: { type: 'string' }, nameCy: { type: 'string' } } },
              openedAt: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
  };
  const paths = {
    '/people/search': {
      get: {
        tags: ['People'],
        operationId: 'searchPeople',
        summary: 'Find a person on a case you can see, by name (typos allowed), date of birth or NHS number',
        description:
          `Give at least one of name, dateOfBirth and nhsNumber; all that are given must match. Each word of the name of two letters or more must be like a word of the person's name, in any order. At most ${RESULTS} people are returned, closest match first; \`more\` is true when more match (narrow the search). Local authority case roles only. The search is audited (its kind and the people found, not what was typed).`,
        parameters,
        responses: {
          '200': {
            description: 'The people found (possibly none)',
            content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: ref('PersonFound') }, more: { type: 'boolean' } } } } },
          },
          '400': problemResponse('The search is not valid (no criterion, a name without 2 letters together, a date or NHS number that is not valid); `errors` says which fields and why'),
          '401': problemResponse('No valid bearer token'),
          '404': problemResponse('Your role does not search for people'),
        },
      },
    },
  };
  return { tags: [{ name: 'People', description: 'Finding a person on the cases you can see' }], schemas, paths };
}
