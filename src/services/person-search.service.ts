import type { Clock } from '../platform/clock.js';
import type { Db } from '../store/database.js';
import { searchPeople, type PersonSearchHit } from '../store/person-search.repository.js';
import { can, caseScope } from '../domain/access-policy.js';
import { DomainError } from '../domain/errors.js';
import { londonDate } from '../domain/calendar/working-days.js';
import { audit, transact } from './audit.js';
import type { Caller, RequestContext } from './context.js';
import { fieldErrors } from './concern.input.js';
import { personSearchSchema, searchKind, type PersonSearchInput } from './person-search.input.js';

export type { PersonSearchHit } from '../store/person-search.repository.js';

export interface PersonSearchAnswer {
  /** The search as understood (NHS number as ten digits), to show back to the person. */
  query: PersonSearchInput;
  people: PersonSearchHit[];
  /** More people match than are listed: add a date of birth or more of the name. */
  more: boolean;
}

/** At most this many people are listed, best match first. */
export const RESULTS = 50;
const LIMITS = { results: RESULTS, candidates: 100, spellingsPerWord: 100 };

/**
 * Finding a person by name (typos allowed), date of birth or NHS number, among the people
 * whose cases the caller may see. The search is a read of those people's records, so it is
 * audited in its own transaction like any list: which kind of search it was and whom it
 * found, never the name or number typed (they are personal data, and the ids say enough).
 */
export function createPersonSearchService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async search(caller: Caller, raw: unknown, ctx: RequestContext): Promise<PersonSearchAnswer> {
      if (!can(caller, 'person.search')) throw new DomainError('not_found', 'error.notFound');
      const now = clock.now();
      const parsed = personSearchSchema(londonDate(now)).safeParse(raw);
      if (!parsed.success) throw new DomainError('validation', 'error.validation', fieldErrors(parsed.error));
      const query = parsed.data;
      return transact(db, async (tx) => {
        const found = await searchPeople(tx, caseScope(caller, now), query, LIMITS);
        await audit(tx, now, caller, ctx, 'person.search', null, 'success', {
          kind: searchKind(query),
          ids: found.people.map((p) => p.id),
          caseIds: found.people.flatMap((p) => p.cases.map((k) => k.id)),
          more: found.more,
        });
        return { query, ...found };
      });
    },
  };
}

export type PersonSearchService = ReturnType<typeof createPersonSearchService>;
