import type { FastifyInstance } from 'fastify';
import {
  MAX_EVIDENCE,
  POST_FINDING_KINDS,
  SOCIAL_MEDIA_CLAUSE_REFS,
  SOCIAL_MEDIA_DOCUMENT,
  checkPost,
  clauseHref,
  type PostFinding,
} from '../domain/post-check.js';
import { translator } from '../web/i18n/i18n.js';
import { sendProblem } from './problem.js';
import { postCheckSchema, validatePostCheck } from '../services/post-check.input.js';

/**
 * "Before you post" for API clients: a draft in, the risks the social media guidance names
 * out. The draft is checked and forgotten: it is not stored, audited or logged (the API's
 * error handler logs nothing for a 4xx, and nothing here writes the body anywhere).
 */
export function findingJson(f: PostFinding) {
  return {
    kind: f.kind,
    clauses: f.clauseRefs.map((ref) => ({ document: SOCIAL_MEDIA_DOCUMENT, ref, href: clauseHref(ref) })),
    evidence: f.evidence,
  };
}

/** The answer, for the OpenAPI document. */
export const postCheckResponseSchema = {
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      description: 'In a fixed order of kinds; empty when the rules found nothing (judgement still applies)',
      items: {
        type: 'object',
        properties: {
          kind: { enum: [...POST_FINDING_KINDS] },
          clauses: {
            type: 'array',
            description: 'The clauses of the guidance the risk comes from, the main one first',
            items: { type: 'object', properties: { document: { const: SOCIAL_MEDIA_DOCUMENT }, ref: { enum: [...SOCIAL_MEDIA_CLAUSE_REFS] }, href: { type: 'string' } } },
          },
          evidence: { type: 'array', items: { type: 'string' }, maxItems: MAX_EVIDENCE, description: 'Words of the draft that raised it' },
        },
      },
    },
  },
};

const en = translator('en');

export async function postCheckApiRoutes(app: FastifyInstance): Promise<void> {
  app.post('/guidance/post-check', async (request, reply) => {
    const { input, errors } = validatePostCheck(request.body);
    if (errors) {
      return sendProblem(reply, 400, {
        detail: en('error.validation'),
        errors: Object.fromEntries(Object.entries(errors).map(([field, code]) => [field, { code, message: en(code) }])),
      });
    }
    return reply.send({ findings: checkPost(input).map(findingJson) });
  });
}
