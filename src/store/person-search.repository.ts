import { sql, type RawBuilder } from 'kysely';
import type { CaseScopeClause } from '../domain/access-policy.js';
import { caseInScope } from './access-sql.js';
import type { Tx } from './database.js';
import type { PersonRecord } from './people.repository.js';

/**
 * Finding a person (DESIGN.md: name, date of birth, NHS number; p95 under 50 ms at Wales
 * scale). Only people with a case in the caller's scope are searched — the case scope of
 * src/domain/access-policy.ts, as the same SQL filter the case list uses — so nobody learns
 * from a search that a person they may not see exists. No address is returned: a search
 * result has no need of one, so a confidentiality label has nothing to hide here.
 *
 * A name matches when every word typed is like a word of the person's name, in any order,
 * middle names ignored, a typo or two allowed ("Cerys Jenkens" finds Cerys Jenkins). Each
 * word typed is first matched against the dictionary of name words (pg_trgm word
 * similarity), then people are found by the words it matched (migration 009 says why).
 * Matches are ranked by the similarity of the whole name to what was typed.
 */
export interface PersonSearchCriteria {
  /** The name as typed; its words of two letters or more must each match. */
  name?: string;
  /** 'YYYY-MM-DD' */
  dateOfBirth?: string;
  /** Ten digits, no spaces. */
  nhsNumber?: string;
}

export interface PersonSearchLimits {
  /** People returned, best first. */
  results: number;
  /**
   * Matching people ranked. A common name alone ("Jones") matches tens of thousands of
   * people in Wales; ranking them all would be slow and no help to anyone, so past this many
   * the search stops and says so (`more`), and the person narrows it.
   */
  candidates: number;
  /** Spellings of the names in the system one typed word may stand for ("jo" is the start of hundreds). */
  spellingsPerWord: number;
}

export interface PersonSearchCase {
  id: string;
  kind: string;
  stage: string;
  registered: boolean;
  localAuthorityNameEn: string;
  localAuthorityNameCy: string;
  openedAt: Date;
}

/** A person found: who they are (never their address), and the cases about them the caller may see. */
export interface PersonSearchHit extends Pick<PersonRecord, 'id' | 'kind' | 'fullName' | 'dateOfBirth' | 'expectedDueDate' | 'nhsNumber'> {
  /** Never empty: that is why they are here. */
  cases: PersonSearchCase[];
}

export interface PersonSearchResult {
  people: PersonSearchHit[];
  /** More people match than are returned: the search should be narrowed. */
  more: boolean;
}

/** How alike a typed word and a word of a name must be (pg_trgm word similarity, 0–1): "jenkens" and jenkins are 0.5. */
export const WORD_SIMILARITY = 0.5;
/** Typed words shorter than this rank the matches but do not have to match (an initial). */
const MIN_WORD_LENGTH = 2;

/**
 * For each word of the name typed (folded and split as the stored names are), the
 * spellings of names in the system like it, most alike first. A word with none means
 * nobody can match. Runs in the caller's transaction: the similarity threshold is set for
 * that transaction only.
 */
async function spellingsOf(tx: Tx, name: string, perWord: number): Promise<string[][]> {
  await sql`SELECT set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, true)`.execute(tx);
  const { rows } = await sql<{ spellings: string[] }>`
    SELECT ARRAY(
      SELECT d.word FROM person_name_words d
      WHERE q.word <% d.word
      GROUP BY d.word
      ORDER BY word_similarity(q.word, d.word) DESC, similarity(q.word, d.word) DESC, d.word
      LIMIT ${perWord}
    ) AS spellings
    FROM unnest(person_search_words(${name})) WITH ORDINALITY AS q(word, n)
    WHERE length(q.word) >= ${MIN_WORD_LENGTH}
    ORDER BY q.n
  `.execute(tx);
  return rows.map((r) => r.spellings);
}

export async function searchPeople(
  tx: Tx,
  scope: readonly CaseScopeClause[],
  criteria: PersonSearchCriteria,
  limits: PersonSearchLimits,
): Promise<PersonSearchResult> {
  const conditions: RawBuilder<unknown>[] = [];
  if (criteria.name) {
    const words = await spellingsOf(tx, criteria.name, limits.spellingsPerWord);
    if (words.length === 0 || words.some((w) => w.length === 0)) return { people: [], more: false };
    for (const spellings of words) conditions.push(sql`p.search_words && ${spellings}::text[]`);
  }
  if (criteria.dateOfBirth) conditions.push(sql`p.date_of_birth = ${criteria.dateOfBirth}`);
  if (criteria.nhsNumber) conditions.push(sql`p.nhs_number = ${criteria.nhsNumber}`);
  // Never a search of everyone: the service always sends at least one criterion.
  if (conditions.length === 0) return { people: [], more: false };

  const score = criteria.name ? sql`similarity(person_search_name(n.full_name), person_search_name(${criteria.name}))` : sql`1.0::real`;
  // The people matching, from the indexes alone (name words, date of birth, NHS number),
  // read only as far as the access check below needs. Apart in a CTE so that the planner
  // plans it without the LIMIT: told of a LIMIT, it hopes a scan in table order finds
  // enough people early, which for a common name means reading most of the table.
  const { rows } = await sql<{
    id: string;
    kind: string;
    full_name: string;
    date_of_birth: string | null;
    expected_due_date: string | null;
    nhs_number: string | null;
    matched: string;
  }>`
    WITH named AS MATERIALIZED (
      SELECT p.id, p.kind, p.full_name, p.date_of_birth, p.expected_due_date, p.nhs_number
      FROM people p
      WHERE ${sql.join(conditions, sql` AND `)}
    )
    SELECT c.id, c.kind, c.full_name, c.date_of_birth, c.expected_due_date, c.nhs_number, count(*) OVER () AS matched
    FROM (
      SELECT n.*, ${score} AS score
      FROM named n
      WHERE EXISTS (SELECT 1 FROM cases k WHERE k.person_id = n.id AND ${caseInScope(scope)})
      LIMIT ${limits.candidates + 1}
    ) c
    ORDER BY c.score DESC, c.full_name, c.id
    LIMIT ${limits.results}
  `.execute(tx);
  if (rows.length === 0) return { people: [], more: false };

  const caseRows = await tx
    .selectFrom('cases as k')
    .innerJoin('organisations as la', 'la.id', 'k.local_authority_id')
    .select(['k.id', 'k.person_id', 'k.kind', 'k.stage', 'k.registered', 'k.opened_at', 'la.name_en', 'la.name_cy'])
    .where('k.person_id', 'in', rows.map((r) => r.id))
    .where(caseInScope(scope))
    .orderBy('k.opened_at', 'desc')
    .orderBy('k.id')
    .execute();
  const casesOf = new Map<string, PersonSearchCase[]>();
  for (const k of caseRows) {
    const list = casesOf.get(k.person_id) ?? [];
    list.push({
      id: k.id,
      kind: k.kind,
      stage: k.stage,
      registered: k.registered,
      localAuthorityNameEn: k.name_en,
      localAuthorityNameCy: k.name_cy,
      openedAt: k.opened_at,
    });
    casesOf.set(k.person_id, list);
  }
  return {
    people: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      fullName: r.full_name,
      dateOfBirth: r.date_of_birth,
      expectedDueDate: r.expected_due_date,
      nhsNumber: r.nhs_number,
      cases: casesOf.get(r.id) ?? [],
    })),
    more: Number(rows[0]!.matched) > rows.length,
  };
}
