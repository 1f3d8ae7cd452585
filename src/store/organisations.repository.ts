import { sql } from 'kysely';
import type { Db, Tx } from './database.js';
import { reading, readOne } from './read-together.js';
import { mustReturn, type Write } from './write-together.js';

export interface Organisation {
  id: string;
  nameEn: string;
  nameCy: string;
  kind: string;
  localAuthorityId: string | null;
}

export async function listLocalAuthorities(db: Db): Promise<Organisation[]> {
  const rows = await db
    .selectFrom('organisations')
    .selectAll()
    .where('kind', '=', 'local_authority')
    .orderBy('name_en')
    .execute();
  return rows.map(toOrganisation);
}

/**
 * A guard for writeTogether (`what`: 'localAuthority'): the organisation is a local authority.
 * Checked in the statement that refers to it, so nothing is written for anything else.
 */
export function isLocalAuthorityGuard(db: Db | Tx, id: string): Write {
  return mustReturn(db.selectFrom('organisations').select('id').where('id', '=', id).where('kind', '=', 'local_authority'), 'localAuthority');
}

export async function findOrganisation(db: Db, id: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toOrganisation(row);
}

/** The organisations of these ids (nulls skipped), in one statement. */
export function organisationsReading(db: Db | Tx, ids: readonly (string | null)[]) {
  const wanted = ids.filter((id): id is string => id !== null);
  const query = db
    .selectFrom('organisations')
    .selectAll()
    .where(wanted.length ? (eb) => eb('id', 'in', wanted) : sql<boolean>`false`);
  return reading(query, (rows): Organisation[] => rows.map(toOrganisation));
}

export async function findOrganisations(db: Db, ids: readonly (string | null)[]): Promise<Organisation[]> {
  if (ids.every((id) => id === null)) return [];
  return readOne(db, organisationsReading(db, ids));
}

export async function insertOrganisation(db: Db, org: Organisation): Promise<void> {
  await db
    .insertInto('organisations')
    .values({ id: org.id, name_en: org.nameEn, name_cy: org.nameCy, kind: org.kind, local_authority_id: org.localAuthorityId })
    .execute();
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db.selectFrom('organisations').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function toOrganisation(row: { id: string; name_en: string; name_cy: string; kind: string; local_authority_id: string | null }): Organisation {
  return { id: row.id, nameEn: row.name_en, nameCy: row.name_cy, kind: row.kind, localAuthorityId: row.local_authority_id };
}
