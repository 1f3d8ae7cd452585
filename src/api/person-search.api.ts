import type { FastifyInstance } from 'fastify';
import type { Services } from '../services/index.js';
import type { PersonSearchHit } from '../services/person-search.service.js';
import type { Capability } from '../domain/access-policy.js';
import { addRoleGate } from './role-gate.js';

const search = { config: { capability: 'person.search' as Capability } };
type SearchQuery = { Querystring: { name?: unknown; dateOfBirth?: unknown; nhsNumber?: unknown } };

/** One person found, as JSON: no person key and no address, only the cases the caller may open. */
export function personSearchHitJson(p: PersonSearchHit) {
  return {
    fullName: p.fullName,
    dateOfBirth: p.dateOfBirth,
    expectedDueDate: p.expectedDueDate,
    nhsNumber: p.nhsNumber,
    cases: p.cases.map((k) => ({
      id: k.id,
      kind: k.kind,
      stage: k.stage,
      registered: k.registered,
      localAuthority: { name: k.localAuthorityNameEn, nameCy: k.localAuthorityNameCy },
      openedAt: k.openedAt.toISOString(),
    })),
  };
}

/** GET /api/people/search: the same search as the page, answered as JSON (errors as problem+json). */
export async function personSearchApiRoutes(app: FastifyInstance, opts: { services: Services }): Promise<void> {
  const { services } = opts;
  addRoleGate(app, services);

  app.get<SearchQuery>('/people/search', search, async (request) => {
    const { name, dateOfBirth, nhsNumber } = request.query;
    const answer = await services.personSearch.search(request.apiCaller!, { name, dateOfBirth, nhsNumber }, request.ctx);
    return { items: answer.people.map(personSearchHitJson), more: answer.more };
  });
}
