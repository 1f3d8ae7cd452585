import { sql, type RawBuilder } from 'kysely';
import { PERSON_LABELS, type CaseScopeClause, type PersonLabel } from '../domain/access-policy.js';

/**
 * The access policy's scopes as SQL conditions, so that a list, a count, a search or a
 * single read can never include what the policy would refuse. Each function mirrors one
 * decision in src/domain/access-policy.ts; test/store/access.test.ts checks they agree.
 */

/** The case scope over a `cases` row aliased `k`. No clauses, no rows. */
export function caseInScope(scope: readonly CaseScopeClause[]): RawBuilder<boolean> {
  if (scope.length === 0) return sql<boolean>`false`;
  const unrestricted = sql`NOT EXISTS (SELECT 1 FROM case_restrictions cr WHERE cr.case_id = k.id)`;
  const parts = scope.map((c) => {
    switch (c.kind) {
      case 'local_authority_team':
        return sql`(k.local_authority_id = ${c.localAuthorityId} AND ${unrestricted})`;
      case 'receiving_local_authority_team':
        return sql`(k.transfer_to_local_authority_id = ${c.localAuthorityId} AND ${unrestricted})`;
      case 'allocated':
        return sql`k.allocated_to = ${c.userId}`;
      case 'member':
        return sql`EXISTS (SELECT 1 FROM case_members cm WHERE cm.case_id = k.id AND cm.user_id = ${c.userId})`;
      case 'break_glass':
        return sql`EXISTS (SELECT 1 FROM break_glass_grants bg WHERE bg.case_id = k.id AND bg.user_id = ${c.userId} AND bg.expires_at > ${c.at})`;
    }
  });
  return sql<boolean>`(${sql.join(parts, sql` OR `)})`;
}

/** True when a label on the person (column reference `personId`) hides `field` from the viewer. */
export function fieldHidden(personId: string, field: string, viewerUserId: string | null): RawBuilder<boolean> {
  const labels = (Object.keys(PERSON_LABELS) as PersonLabel[]).filter((l) => (PERSON_LABELS[l] as readonly string[]).includes(field));
  if (labels.length === 0) return sql<boolean>`false`;
  // The system itself (copying a record at birth, say) reads everything; people never do.
  if (viewerUserId === null) return sql<boolean>`false`;
  return sql<boolean>`EXISTS (
    SELECT 1 FROM person_labels pl
    WHERE pl.person_id = ${sql.ref(personId)} AND pl.label IN (${sql.join(labels)})
      AND NOT EXISTS (SELECT 1 FROM person_label_readers plr
                      WHERE plr.person_id = pl.person_id AND plr.label = pl.label AND plr.user_id = ${viewerUserId}))`;
}

/** A person's column as the viewer may see it: NULL where a label hides it, so the value never leaves the database. */
export function visibleColumn<T>(column: string, personId: string, field: string, viewerUserId: string | null): RawBuilder<T | null> {
  return sql<T | null>`CASE WHEN ${fieldHidden(personId, field, viewerUserId)} THEN NULL ELSE ${sql.ref(column)} END`;
}
