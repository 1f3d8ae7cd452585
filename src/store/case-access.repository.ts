import { sql } from 'kysely';
import type { CaseFacts, CaseMemberRelationship, CaseScopeClause, PersonLabel } from '../domain/access-policy.js';
import { caseInScope } from './access-sql.js';
import type { Db, Tx } from './database.js';
import { reading, readOne } from './read-together.js';

/** A break-glass grant as the case's access facts carry it (the case page shows the caller's own). */
export interface GrantFact {
  id: string;
  userId: string;
  reason: string;
  expiresAt: Date;
}

/**
 * The relationships of one case that the access policy decides from, in one statement: every
 * read of a case and every step on one starts here.
 */
export function caseAccessFactsReading(
  c: { id: string; localAuthorityId: string; transferToLocalAuthorityId: string | null; allocatedTo: string | null },
) {
  const query = sql<{ restricted: boolean; members: { user_id: string; relationship: string }[]; grants: { id: string; user_id: string; reason: string; expires_at: string }[] }>`
    SELECT EXISTS (SELECT 1 FROM case_restrictions WHERE case_id = ${c.id}) AS restricted,
      coalesce((SELECT json_agg(json_build_object('user_id', user_id, 'relationship', relationship)) FROM case_members WHERE case_id = ${c.id}), '[]') AS members,
      coalesce((SELECT json_agg(json_build_object('id', id, 'user_id', user_id, 'reason', reason, 'expires_at', expires_at)) FROM break_glass_grants WHERE case_id = ${c.id}), '[]') AS grants`;
  return reading(query, (rows): CaseFacts & { breakGlass: readonly GrantFact[] } => {
    const r = rows[0]!;
    return {
      localAuthorityId: c.localAuthorityId,
      transferToLocalAuthorityId: c.transferToLocalAuthorityId,
      restricted: r.restricted,
      allocatedTo: c.allocatedTo,
      members: r.members.map((m) => ({ userId: m.user_id, relationship: m.relationship as CaseMemberRelationship })),
      breakGlass: r.grants.map((g) => ({ id: g.id, userId: g.user_id, reason: g.reason, expiresAt: new Date(g.expires_at) })),
    };
  });
}

export async function caseAccessFacts(
  db: Db | Tx,
  c: { id: string; localAuthorityId: string; transferToLocalAuthorityId: string | null; allocatedTo: string | null },
): Promise<CaseFacts & { breakGlass: readonly GrantFact[] }> {
  return readOne(db, caseAccessFactsReading(c));
}

/** The caller's live break-glass grant on the case among its facts, the one expiring last. */
export function activeGrantAmong(grants: readonly GrantFact[], userId: string, at: Date) {
  const live = grants.filter((g) => g.userId === userId && g.expiresAt > at).sort((x, y) => y.expiresAt.getTime() - x.expiresAt.getTime());
  return live[0] ? { id: live[0].id, reason: live[0].reason, expiresAt: live[0].expiresAt } : null;
}

export interface CaseMemberRow {
  userId: string;
  name: string;
  email: string;
  role: string;
  organisationNameEn: string;
  organisationNameCy: string;
  relationship: CaseMemberRelationship;
  addedAt: Date;
}

export async function listCaseMembers(db: Db | Tx, caseId: string): Promise<CaseMemberRow[]> {
  const rows = await db
    .selectFrom('case_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['m.user_id', 'u.name', 'u.email', 'u.role', 'o.name_en', 'o.name_cy', 'm.relationship', 'm.added_at'])
    .where('m.case_id', '=', caseId)
    .orderBy('m.relationship')
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    email: r.email,
    role: r.role,
    organisationNameEn: r.name_en,
    organisationNameCy: r.name_cy,
    relationship: r.relationship as CaseMemberRelationship,
    addedAt: r.added_at,
  }));
}

export async function addCaseMember(tx: Tx, m: { caseId: string; userId: string; relationship: CaseMemberRelationship; addedBy: string; at: Date }): Promise<boolean> {
  const r = await tx
    .insertInto('case_members')
    .values({ case_id: m.caseId, user_id: m.userId, relationship: m.relationship, added_by: m.addedBy, added_at: m.at })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeCaseMember(tx: Tx, caseId: string, userId: string, relationship: CaseMemberRelationship): Promise<boolean> {
  const r = await tx
    .deleteFrom('case_members')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .where('relationship', '=', relationship)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findRestriction(db: Db | Tx, caseId: string) {
  const r = await db
    .selectFrom('case_restrictions as r')
    .innerJoin('users as u', 'u.id', 'r.set_by')
    .select(['r.reason', 'r.set_at', 'u.name'])
    .where('r.case_id', '=', caseId)
    .executeTakeFirst();
  return r ? { reason: r.reason, setAt: r.set_at, setByName: r.name } : null;
}

export async function setRestriction(tx: Tx, caseId: string, reason: string, by: string, at: Date): Promise<void> {
  await tx
    .insertInto('case_restrictions')
    .values({ case_id: caseId, reason, set_by: by, set_at: at })
    .onConflict((oc) => oc.column('case_id').doUpdateSet({ reason, set_by: by, set_at: at }))
    .execute();
}

export async function clearRestriction(tx: Tx, caseId: string): Promise<boolean> {
  const r = await tx.deleteFrom('case_restrictions').where('case_id', '=', caseId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export interface PersonLabelRow {
  label: PersonLabel;
  reason: string;
  setAt: Date;
  readers: { userId: string; name: string; email: string }[];
}

export async function personLabels(db: Db | Tx, personId: string): Promise<PersonLabelRow[]> {
  const [labels, readers] = await Promise.all([
    db.selectFrom('person_labels').select(['label', 'reason', 'set_at']).where('person_id', '=', personId).orderBy('label').execute(),
    db
      .selectFrom('person_label_readers as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.label', 'r.user_id', 'u.name', 'u.email'])
      .where('r.person_id', '=', personId)
      .orderBy('u.name')
      .execute(),
  ]);
  return labels.map((l) => ({
    label: l.label as PersonLabel,
    reason: l.reason,
    setAt: l.set_at,
    readers: readers.filter((r) => r.label === l.label).map((r) => ({ userId: r.user_id, name: r.name, email: r.email })),
  }));
}

export async function setPersonLabel(tx: Tx, personId: string, label: PersonLabel, reason: string, by: string, at: Date): Promise<void> {
  await tx
    .insertInto('person_labels')
    .values({ person_id: personId, label, reason, set_by: by, set_at: at })
    .onConflict((oc) => oc.columns(['person_id', 'label']).doUpdateSet({ reason, set_by: by, set_at: at }))
    .execute();
}

export async function clearPersonLabel(tx: Tx, personId: string, label: PersonLabel): Promise<boolean> {
  const r = await tx.deleteFrom('person_labels').where('person_id', '=', personId).where('label', '=', label).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function addLabelReader(tx: Tx, personId: string, label: PersonLabel, userId: string, by: string, at: Date): Promise<void> {
  await tx
    .insertInto('person_label_readers')
    .values({ person_id: personId, label, user_id: userId, added_by: by, added_at: at })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function removeLabelReader(tx: Tx, personId: string, label: PersonLabel, userId: string): Promise<boolean> {
  const r = await tx
    .deleteFrom('person_label_readers')
    .where('person_id', '=', personId)
    .where('label', '=', label)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertBreakGlassGrant(
  tx: Tx,
  g: { id: string; caseId: string; userId: string; reason: string; grantedAt: Date; expiresAt: Date },
): Promise<void> {
  await tx
    .insertInto('break_glass_grants')
    .values({ id: g.id, case_id: g.caseId, user_id: g.userId, reason: g.reason, granted_at: g.grantedAt, expires_at: g.expiresAt })
    .execute();
}

export async function grantsForCase(db: Db | Tx, caseId: string) {
  const rows = await db
    .selectFrom('break_glass_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .select(['g.id', 'g.reason', 'g.granted_at', 'g.expires_at', 'u.name', 'u.role', 'o.name_en', 'o.name_cy'])
    .where('g.case_id', '=', caseId)
    .orderBy('g.granted_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reason: r.reason,
    grantedAt: r.granted_at,
    expiresAt: r.expires_at,
    userName: r.name,
    role: r.role,
    organisationNameEn: r.name_en,
    organisationNameCy: r.name_cy,
  }));
}

/** The authority's team managers (told when someone uses emergency access, with the allocated worker). */
export async function teamManagersOf(db: Db | Tx, localAuthorityId: string) {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'role', 'organisation_id'])
    .where('organisation_id', '=', localAuthorityId)
    .where('role', '=', 'team_manager')
    .execute();
  return rows.map((r) => ({ userId: r.id, role: r.role, organisationId: r.organisation_id }));
}

export async function insertAccessAlerts(tx: Tx, rows: { id: string; recipient: string; caseId: string; grantId: string; at: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('access_alerts')
    .values(rows.map((r) => ({ id: r.id, recipient_user_id: r.recipient, case_id: r.caseId, grant_id: r.grantId, created_at: r.at })))
    .execute();
}

/** Emergency access to cases this person must be told about, newest first. */
export async function accessAlertsFor(db: Db | Tx, userId: string, scope: readonly CaseScopeClause[], since: Date, limit: number) {
  const rows = await db
    .selectFrom('access_alerts as a')
    .innerJoin('break_glass_grants as g', 'g.id', 'a.grant_id')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .innerJoin('organisations as o', 'o.id', 'u.organisation_id')
    .innerJoin('cases as k', 'k.id', 'a.case_id')
    .innerJoin('people as p', 'p.id', 'k.person_id')
    .select(['a.case_id', 'g.reason', 'g.granted_at', 'g.expires_at', 'u.name', 'o.name_en', 'o.name_cy', 'p.full_name'])
    .where('a.recipient_user_id', '=', userId)
    // Told only while they may still see the case: a restriction added since hides the alert too.
    .where(caseInScope(scope))
    .where('a.created_at', '>=', since)
    .orderBy('a.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    caseId: r.case_id,
    reason: r.reason,
    grantedAt: r.granted_at,
    expiresAt: r.expires_at,
    userName: r.name,
    organisationNameEn: r.name_en,
    organisationNameCy: r.name_cy,
    personName: r.full_name,
  }));
}

/** A person created from another (a sibling, a child at birth) keeps the other's labels and readers: a hidden address stays hidden. */
export async function copyPersonLabels(tx: Tx, fromPersonId: string, toPersonId: string): Promise<void> {
  await sql`INSERT INTO person_labels (person_id, label, reason, set_by, set_at)
            SELECT ${toPersonId}, label, reason, set_by, set_at FROM person_labels WHERE person_id = ${fromPersonId}
            ON CONFLICT DO NOTHING`.execute(tx);
  await sql`INSERT INTO person_label_readers (person_id, label, user_id, added_by, added_at)
            SELECT ${toPersonId}, label, user_id, added_by, added_at FROM person_label_readers WHERE person_id = ${fromPersonId}
            ON CONFLICT DO NOTHING`.execute(tx);
}
